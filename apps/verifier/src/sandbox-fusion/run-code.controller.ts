import { Body, Controller, HttpCode, HttpException, Post } from '@nestjs/common';
import { BusError } from '@astra/contracts';
import { ExecuteCodeUseCase } from '../execute/execute-code.use-case';
import { languageOf, RunCodeRequestSchema, sandboxErrorResponse, toRunCodeResponse, type RunCodeResponse } from './sandbox-fusion.mapper';

/** SandboxFusion-compatible POST /run_code, so RL frameworks' sandbox tools can call the verifier unchanged. */
@Controller()
export class RunCodeController {
  constructor(private readonly executeCode: ExecuteCodeUseCase) {}

  @Post('run_code')
  @HttpCode(200)
  async runCode(@Body() body: unknown): Promise<RunCodeResponse> {
    const parsed = RunCodeRequestSchema.safeParse(body);
    if (!parsed.success) throw new HttpException({ detail: parsed.error.issues }, 422);
    const request = parsed.data;
    try {
      const result = await this.executeCode.execute({
        language: languageOf(request),
        code: request.code,
        stdin: request.stdin ?? undefined,
        limits: {
          timeMs: request.run_timeout ? Math.ceil(request.run_timeout * 1000) : undefined,
          memoryMb: request.memory_limit_MB && request.memory_limit_MB > 0 ? Math.min(request.memory_limit_MB, 2048) : undefined,
        },
      });
      return toRunCodeResponse(result);
    } catch (error) {
      return sandboxErrorResponse(BusError.from(error).message);
    }
  }
}
