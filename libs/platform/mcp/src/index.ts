/** MCP client pieces shared by the services that start MCP servers: the allow-list and the stdio and HTTP transports. */
export * from './mcp-server-allow-list';
export * from './mcp-stdio';
export * from './mcp-http';
