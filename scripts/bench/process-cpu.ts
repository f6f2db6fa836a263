/**
 * CPU time by process, read from Linux's /proc, so a load bench can say which of the processes
 * sharing the machine spent what. Elsewhere (no /proc) it reads nothing and the bench says so.
 */
import { readdirSync, readFileSync } from "node:fs";

const CLOCK_TICKS = 100; // USER_HZ: 100 on every Linux we run on.

/** CPU seconds (user + system) of each process, by pid, with its command name. */
function snapshot(): Map<number, { comm: string; seconds: number }> {
  const out = new Map<number, { comm: string; seconds: number }>();
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      // Fields after the command: state is field 3, utime 14 and stime 15 (1-based, man proc).
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(Number(pid), { comm, seconds: (Number(rest[11]) + Number(rest[12])) / CLOCK_TICKS });
    } catch {
      // The process ended between listing and reading.
    }
  }
  return out;
}

export interface CpuWindow {
  /** CPU seconds spent since start() by each named group; a process that ended meanwhile is not counted. */
  stop(): Record<string, number> | null;
}

/** Starts a window; `groups` names each process group by pid or by command name. */
export function cpuWindow(groups: Record<string, { pid?: number; comm?: string }>): CpuWindow {
  const before = snapshot();
  return {
    stop() {
      if (before.size === 0) return null;
      const after = snapshot();
      const spent: Record<string, number> = {};
      for (const [name, g] of Object.entries(groups)) {
        let total = 0;
        for (const [pid, p] of after) {
          if (g.pid !== undefined ? pid !== g.pid : p.comm !== g.comm) continue;
          total += p.seconds - (before.get(pid)?.seconds ?? 0);
        }
        spent[name] = total;
      }
      return spent;
    },
  };
}
