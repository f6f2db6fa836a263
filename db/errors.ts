/**
 * A unique-constraint violation, from pg (SQLSTATE 23505) or PGlite (whose errors may carry only
 * the message): how the queue, submits and account creation tell a race or a duplicate from a
 * failure.
 */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === "23505" || /duplicate key|unique constraint/i.test(String((err as Error)?.message));
}
