/**
 * Names of the OpenTelemetry metrics the services emit. Dashboards and alerts (deploy/) read these, so they are a
 * contract like a subject: rename only by adding a new name.
 * In Prometheus, dots become underscores and the unit is appended (e.g. astra_bus_handler_duration_milliseconds).
 */
export const METRICS = {
  busPublished: 'astra.bus.published', // counter {key, outcome: stored|duplicate}
  busHandlerDuration: 'astra.bus.handler.duration', // histogram ms {key, service, outcome: ack|nak|dead_letter|term|rpc_ok|rpc_error}
  busMessageAge: 'astra.bus.message.age', // histogram ms at pickup {key}
  busRedeliveries: 'astra.bus.redeliveries', // counter {key}
  busDeadLetters: 'astra.bus.dead_letters', // counter {key, code}
  busConsumerPending: 'astra.bus.consumer.pending', // gauge {consumer}
  busDlqDepth: 'astra.bus.dlq.depth', // gauge
  llmCalls: 'astra.llm.calls', // counter {role, model, outcome: ok|error|cache_hit}
  llmTokenUsage: 'gen_ai.client.token.usage', // histogram {gen_ai.token.type: input|output, gen_ai.request.model}
  llmDuration: 'gen_ai.client.operation.duration', // histogram s {gen_ai.request.model}
  sandboxCallDuration: 'astra.sandbox.call.duration', // histogram ms {language, status}
  sandboxWorkerRestarts: 'astra.sandbox.worker.restarts', // counter {language, reason}
  catalogToolsImported: 'astra.catalog.tools.imported', // counter {outcome: new|new_version|unchanged|rejected}
} as const;
