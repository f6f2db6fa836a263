/**
 * This response's Content-Security-Policy nonce (set by app/services/request-guard.server.ts),
 * handed from entry.server.tsx to the root's <Scripts> and <ScrollRestoration>: the only inline
 * scripts a page has are Remix's own, and they carry it. Undefined in the browser (it hides nonces).
 */
import { createContext } from "react";

export const NonceContext = createContext<string | undefined>(undefined);
