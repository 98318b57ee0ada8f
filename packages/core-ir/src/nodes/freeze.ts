/** Shallow-freezes a node so the IR stays immutable; children are frozen by their own factories. */
export function freezeNode<T extends object>(node: T): T {
  return Object.freeze(node);
}
