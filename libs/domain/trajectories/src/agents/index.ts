export * from './plan-binding';
export * from './plan-schedule';
export * from './oracle-texts';
export * from './oracle-detour';
