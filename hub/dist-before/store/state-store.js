export {};
//# sourceMappingURL=state-store.js.map