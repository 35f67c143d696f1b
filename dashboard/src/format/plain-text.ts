// C0 and C1 controls, DEL, and the marks, embeddings, overrides and isolates of the
// Unicode bidirectional algorithm.
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A string an agent sent, as the dashboard draws it: each control or bidirectional
 * formatting character becomes U+FFFD, so none can reorder the text around it (U+202E
 * reversing a line) or hide in it, and the reader sees that something was there.
 */
export function plainText(text: string): string {
  return text.replace(UNSHOWABLE, '\uFFFD');
}
