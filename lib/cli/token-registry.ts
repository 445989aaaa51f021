// cdktf's process-wide token registry (tokens/private/token-map.js), shared by every copy of cdktf.
// cdktf never forgets a token, and each token holds the construct it was made for: a process that
// synthesizes app after app (the warm-up of a startup snapshot, a share of a large fleet in
// batches) keeps every earlier app alive unless it forgets the tokens that app made.

interface TokenRegistry {
  readonly stringTokenMap: Map<string, unknown>;
  readonly numberTokenMap: Map<number, unknown>;
}

function tokenRegistry(): TokenRegistry | undefined {
  const map = (globalThis as { __cdktfTokenMap?: Partial<TokenRegistry> }).__cdktfTokenMap;
  return map?.stringTokenMap instanceof Map && map.numberTokenMap instanceof Map ? (map as TokenRegistry) : undefined;
}

/**
 * Notes the tokens that exist now; the function it returns forgets every token made since. Call
 * that only when nothing made since is used again (the app that made them is synthesized).
 */
export function markTokens(): () => void {
  const registry = tokenRegistry();
  if (!registry) return () => {};
  const strings = new Set(registry.stringTokenMap.keys());
  const numbers = new Set(registry.numberTokenMap.keys());
  return () => {
    for (const k of [...registry.stringTokenMap.keys()]) if (!strings.has(k)) registry.stringTokenMap.delete(k);
    for (const k of [...registry.numberTokenMap.keys()]) if (!numbers.has(k)) registry.numberTokenMap.delete(k);
  };
}
