/**
 * A kubeconfig's bytes to text, as go-yaml decides the encoding: a UTF-16 byte order
 * mark means UTF-16 (Windows PowerShell 5 writes `kubectl config view --raw > config`
 * that way, and kubectl reads it), anything else is UTF-8 with an optional BOM.
 * Invalid UTF-8 decodes to U+FFFD, which parseKubeconfig reports as binary data.
 */
export function decodeKubeconfig(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}
