/**
 * Any address no route matches. Matching it here (rather than leaving Remix without a match) lets the
 * root loader run, so the 404 page keeps the signed-in user's header and navigation.
 */
export async function loader() {
  throw new Response("There is nothing at this address.", { status: 404 });
}

export default function NotFound() {
  return null;
}
