export {};
//# sourceMappingURL=hub-reads.js.map