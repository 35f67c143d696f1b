// The unit tests beside hub/src import their samples from here; they move to
// @hostpulse/testkit/samples once the hub/src reorganisation has landed.
export * from '@hostpulse/testkit/samples';
