/**
 * Password hashing with node's scrypt (memory-hard, no native addon). The parameters are stored in
 * the hash so they can be raised later without invalidating existing accounts.
 *
 * Hashes run in libuv's thread pool, which the rest of the server shares (file reads, DNS, zlib)
 * and which has four threads on a machine with maybe two cores: sixteen sign-ins at once used to
 * take every thread and every core, and /healthz went from 8 ms to 3.7 s. So at most
 * ARBITER_HASH_CONCURRENCY hashes (default 1) run at once; up to ARBITER_HASH_QUEUE more wait in
 * line (default 64), and beyond that a sign-in gets HashingBusy (429) at once rather than piling up.
 * `npm run bench -- login` measures /healthz p99 under 16 concurrent sign-ins.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { Semaphore } from "../../judges/semaphore";

const positive = (v: string | undefined, fallback: number) => (Number.isInteger(Number(v)) && Number(v) > 0 ? Number(v) : fallback);
const hashing = new Semaphore(positive(process.env.ARBITER_HASH_CONCURRENCY, 1));
const MAX_WAITING = positive(process.env.ARBITER_HASH_QUEUE, 64);

export class HashingBusy extends Error {
  constructor() {
    super("The server is busy signing other people in; try again in a moment.");
  }
}

/** `refuseWhenBusy`: sign-ins are refused beyond the queue; creating an account always waits its turn. */
const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions, refuseWhenBusy = false) => {
  if (refuseWhenBusy && hashing.waiting >= MAX_WAITING) return Promise.reject(new HashingBusy());
  return hashing.run(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
      ),
  );
};

const N = 2 ** 15;
const r = 8;
const p = 1;
const KEYLEN = 32;
const maxmem = 128 * N * r * 2;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { N, r, p, maxmem });
  return ["scrypt", N, r, p, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [, n, rr, pp, saltB64, keyB64] = parts;
  const expected = Buffer.from(keyB64, "base64");
  const key = await scrypt(password, Buffer.from(saltB64, "base64"), expected.length, {
    N: Number(n),
    r: Number(rr),
    p: Number(pp),
    maxmem: 128 * Number(n) * Number(rr) * 2,
  }, true);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of a random password: compared against when the email is unknown, so timing says nothing. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(12).toString("base64"));
  return dummyHash;
}
