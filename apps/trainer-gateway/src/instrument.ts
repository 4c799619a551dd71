// Loaded first by main.ts: telemetry must patch modules before they are required.
import { startTelemetry } from '@astra/platform/telemetry';

startTelemetry({ serviceName: 'trainer-gateway', serviceVersion: process.env['npm_package_version'] ?? '0.1.0' });
