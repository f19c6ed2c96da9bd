import type { DefaultFailureConverter } from '@temporalio/common';

export declare const failureConverter: DefaultFailureConverter;
