/** No lone surrogate (String.prototype.isWellFormed, Node 20; not yet in the TypeScript lib we target). */
export const wellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();
