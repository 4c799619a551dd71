import { Body, Controller, HttpCode, HttpException, Post, UseGuards } from '@nestjs/common';
import { BusError, parseRunCodeRequest, toExecutePayload } from '@astra/contracts';
import { BearerTokenGuard } from '@astra/platform/runtime';
import { ExecuteCodeUseCase } from '../execute/execute-code.use-case';
import { sandboxErrorResponse, toRunCodeResponse, type RunCodeResponse } from './sandbox-fusion.mapper';

/** SandboxFusion-compatible POST /run_code, so RL frameworks' sandbox tools can call the verifier unchanged. */
@Controller()
@UseGuards(BearerTokenGuard)
export class RunCodeController {
  constructor(private readonly executeCode: ExecuteCodeUseCase) {}

  @Post('run_code')
  @HttpCode(200)
  async runCode(@Body() body: unknown): Promise<RunCodeResponse> {
    const parsed = parseRunCodeRequest(body);
    if (!parsed.ok) throw new HttpException({ detail: parsed.detail }, 422);
    try {
      return toRunCodeResponse(await this.executeCode.execute(toExecutePayload(parsed.request)));
    } catch (error) {
      return sandboxErrorResponse(BusError.from(error).message);
    }
  }
}
