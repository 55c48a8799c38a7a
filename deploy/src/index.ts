export * from './dashboards';
export * from './generate';
export * from './k8s';
export * from './metrics';
export * from './profiles';
export * from './render-rules';
export * from './rules';
export * from './services';
