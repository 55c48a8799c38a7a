// Tests on the real stack wait on conditions with their own deadlines (usually 30-60 s); jest's
// 5 s default would cut them off first and hide which condition was not met.
jest.setTimeout(180_000);
