import * as core from '@actions/core';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Diagnostic } from '../errors.js';

export interface Annotation {
  severity: 'error' | 'warning';
  message: string;
  properties: core.AnnotationProperties;
}

/**
 * A diagnostic as a GitHub annotation. GitHub places annotations by path from the
 * repository root (GITHUB_WORKSPACE), while diagnostics name files from the working
 * directory, so the path is re-based when the two differ.
 */
export function annotationFor(diagnostic: Diagnostic, where: { cwd: string; workspace: string | undefined }): Annotation {
  const absolute = resolve(where.cwd, diagnostic.file);
  const fromWorkspace = where.workspace ? relative(where.workspace, absolute) : '';
  const file =
    fromWorkspace && !fromWorkspace.startsWith('..') && !isAbsolute(fromWorkspace) ? fromWorkspace.split('\\').join('/') : diagnostic.file;
  const properties: core.AnnotationProperties = { title: diagnostic.rule, file };
  if (diagnostic.line !== undefined) {
    properties.startLine = diagnostic.line;
    properties.startColumn = diagnostic.col ?? 1;
  }
  return { severity: diagnostic.severity, message: diagnostic.message, properties };
}

/** `::error title=<rule>,file=…,line=…,col=…::message` (and `::warning` for warnings), one per diagnostic. */
export function emitAnnotations(diagnostics: readonly Diagnostic[], where: { cwd: string; workspace: string | undefined }): void {
  for (const diagnostic of diagnostics) {
    const annotation = annotationFor(diagnostic, where);
    if (annotation.severity === 'error') core.error(annotation.message, annotation.properties);
    else core.warning(annotation.message, annotation.properties);
  }
}
