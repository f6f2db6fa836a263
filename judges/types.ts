/** Wire-level shapes shared by the client, the cache and the protocols. */

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** Request parameters that change the answer, and so belong in the cache key. */
export interface RequestParams {
  temperature?: number;
  max_tokens?: number;
  top_p?: number;
  seed?: number;
  logprobs?: boolean;
  top_logprobs?: number;
  response_format?: { type: "json_object" | "text" };
}

/** One generated token with its alternatives, as in `choices[0].logprobs.content`. */
export interface TokenLogprob {
  token: string;
  logprob: number;
  top_logprobs: Array<{ token: string; logprob: number }>;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
}
