import pino from 'pino';

// An empty shell so the workspace, build and deploy layout exist from day one; the service's
// issue fills it in.
const log = pino({ name: 'enricher' });
log.info({ event: 'not_implemented' }, 'enricher has no handlers yet');
