const SAMPLE_BODY = '{"hello":"world"}';

/** A shell word in single quotes, so a secret or URL is passed exactly as shown. */
const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * A ready command line calling a webhook endpoint as its auth mode asks: the secret in
 * x-webhook-secret, or the body's HMAC-SHA256 in x-signature (computed by openssl, as a sender
 * would), with a sample JSON body.
 */
export function curlLine(
  url: string,
  endpoint: { method: string; authMode: 'header' | 'hmac' },
  secret: string,
): string {
  const start = `curl -sS -X ${endpoint.method} ${quote(url)} -H 'content-type: application/json'`;
  if (endpoint.authMode === 'header')
    return `${start} -H ${quote(`x-webhook-secret: ${secret}`)} --data ${quote(SAMPLE_BODY)}`;
  return (
    `body=${quote(SAMPLE_BODY)}; ${start} -H "x-signature: sha256=$(printf '%s' "$body" | ` +
    `openssl dgst -sha256 -hmac ${quote(secret)} | sed 's/^.* //')" --data "$body"`
  );
}
