// Runs before every test file. This machine kind ships Node 20; the AWS SDK's notice that future
// releases will need Node 22 is recorded in docs/decisions and would otherwise repeat per file.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
