/** One of the targets next to what was measured. Never a pass condition. */
export interface TargetCheck {
  target: string;
  measured: string;
  /** null when the run did not measure what the target needs. */
  met: boolean | null;
}
