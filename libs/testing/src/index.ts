export * from './wait-for';
export * from './llm-server';
