// How the connection table's symbols are written: y₃ for output map 3, x₀ for input map 0,
// K₃,₀ for the kernel from x₀ to y₃. Notation, the same in every language.

const SUBSCRIPT = "₀₁₂₃₄₅₆₇₈₉";

/** `n` in subscript digits: 12 -> ₁₂. */
export function subscript(n) {
  return String(n).replace(/\d/g, (digit) => SUBSCRIPT[Number(digit)]);
}

/** `y₃`, `x₀`, `b₃`. */
export function mapName(letter, n) {
  return `${letter}${subscript(n)}`;
}

/** `K₃,₀` (or `w₃,₀` for a 1×1 kernel): the kernel from input map c to output map o. */
export function kernelName(letter, o, c) {
  return `${letter}${subscript(o)},${subscript(c)}`;
}
