import { Form } from "@remix-run/react";

export interface Person {
  id: number;
  name: string;
  email: string;
  role: string;
  created_at: string;
  disabled: boolean;
}

/** Every account with what the viewer may do to it: deactivate/reactivate, reset the password, and (owners) change the role. */
export function PeopleTable({ users, me, viewerRole }: { users: Person[]; me: number; viewerRole: string }) {
  return (
    <table data-testid="people">
      <thead>
        <tr>
          <th>Name</th>
          <th>Email</th>
          <th>Role</th>
          <th>Since</th>
          <th>Status</th>
          <th>Actions</th>
        </tr>
      </thead>
      <tbody>
        {users.map((u) => {
          const mayManage = u.id !== me && (u.role !== "owner" || viewerRole === "owner");
          return (
            <tr key={u.id} data-testid={`person-${u.email}`}>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>
                {viewerRole === "owner" && u.id !== me ? (
                  <Form method="post" className="row">
                    <input type="hidden" name="intent" value="role" />
                    <input type="hidden" name="user_id" value={u.id} />
                    <select name="role" defaultValue={u.role} aria-label={`Role of ${u.email}`}>
                      <option value="annotator">annotator</option>
                      <option value="lead">lead</option>
                      <option value="owner">owner</option>
                    </select>
                    <button className="btn secondary small" type="submit" data-testid="set-role">
                      Set
                    </button>
                  </Form>
                ) : (
                  <span className="badge">{u.role}</span>
                )}
              </td>
              <td>{u.created_at}</td>
              <td>{u.disabled ? <span className="badge fail">deactivated</span> : <span className="badge pass">active</span>}</td>
              <td>
                {mayManage && (
                  <div className="row">
                    <Form method="post">
                      <input type="hidden" name="intent" value={u.disabled ? "reactivate" : "deactivate"} />
                      <input type="hidden" name="user_id" value={u.id} />
                      <button className="btn secondary small" type="submit" data-testid={u.disabled ? "reactivate" : "deactivate"}>
                        {u.disabled ? "Reactivate" : "Deactivate"}
                      </button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="intent" value="reset" />
                      <input type="hidden" name="user_id" value={u.id} />
                      <button className="btn secondary small" type="submit" data-testid="reset-password">
                        Reset password
                      </button>
                    </Form>
                  </div>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
