// The bounds on what a tool catalog may hold, in one place. Catalogs come from outside (MCP servers, JSONL files,
// OpenAI tool lists): anything past these bounds is rejected with a recorded reason, never imported or cut.

/**
 * OpenAI's rule for a function name: 1 to 64 letters, digits, "_" or "-". Tools named otherwise (spaces, quotes,
 * slashes, dots, control characters, longer names) are rejected: no OpenAI-compatible endpoint would accept them.
 */
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/** Longest server name, in UTF-16 code units: it keys servers in varchar(200) columns in PostgreSQL. */
export const MAX_SERVER_NAME_LENGTH = 200;

/**
 * Longest tool description, in UTF-16 code units. A longer one rejects the tool rather than being cut: catalog
 * versions are content-hashed, and a cut description would be a tool its source never published.
 */
export const MAX_TOOL_DESCRIPTION_LENGTH = 16_384;

/** Longest server description (MCP instructions, ASTRA server_description); a longer one rejects the server. */
export const MAX_SERVER_DESCRIPTION_LENGTH = 65_536;

/** Deepest nesting of subschemas (properties, items, anyOf...) in a tool's parameters or output schema. */
export const MAX_SCHEMA_DEPTH = 32;

/**
 * Deepest nesting of objects and arrays in any JSON value a source gives: a whole schema with its defaults and
 * examples, a server's metadata. Past it, hashing and storing the value would overflow the stack.
 */
export const MAX_JSON_DEPTH = 128;

/**
 * Deepest nesting of one JSONL row, a server with its tools' schemas: room for MAX_JSON_DEPTH inside the row's own
 * structure. A deeper line is rejected before it is parsed (parsing 100,000 levels blocks for over 100 ms).
 */
export const MAX_ROW_DEPTH = 2 * MAX_JSON_DEPTH;

/** Longest name or value quoted in a rejection; longer ones are cut and end with "…". */
export const MAX_QUOTED_LENGTH = 100;
