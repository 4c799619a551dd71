import { Module } from '@nestjs/common';
import { JobRunner } from './job-runner';
import { WorkCancellation } from './work-cancellation';

/** Provides JobRunner and WorkCancellation to a Nest service; import it once in the service's module. */
@Module({ providers: [WorkCancellation, JobRunner], exports: [WorkCancellation, JobRunner] })
export class JobsModule {}
