/**
 * The judge bench's stub, run in a worker thread: a real endpoint lives in another process, and
 * sharing one event loop with the client would charge the server's CPU to the client's throughput.
 * Messages: {cmd:"reset"} → {ok}, {cmd:"stats"} → {calls, maxInFlight}.
 */
import { parentPort, workerData } from "node:worker_threads";
import { chatRequests, fencedText, startOpenAIStub } from "../../tests/support/openai-stub.ts";

const { delayMs } = workerData as { delayMs: number };
const stub = await startOpenAIStub({
  kind: "answer",
  delayMs,
  // A consistent judge: prefers the candidate (marked "#c") whichever side it is shown on.
  responder: (b) => JSON.stringify({ verdict: fencedText(b, "OUTPUT_A")?.includes("#c") ? "A>B" : "B>A", reason: "stub" }),
});
parentPort!.on("message", async (msg: { cmd: string }) => {
  if (msg.cmd === "reset") stub.reset();
  if (msg.cmd === "close") await stub.close();
  parentPort!.postMessage({ cmd: msg.cmd, calls: chatRequests(stub).length, maxInFlight: stub.maxInFlight });
});
parentPort!.postMessage({ cmd: "ready", baseURL: stub.baseURL });
