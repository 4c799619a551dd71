export * from './bootstrap-service';
export * from './health-checks';
export * from './health.controller';
export * from './health.module';
export * from './run-service';
export * from './bearer-token.guard';
