export {
  type SupervisedSpec,
  type SupervisedState,
  type SupervisedStatus,
  type Supervisor,
  type SupervisorEvent,
  type SupervisorOptions,
  supervisor,
} from './supervisor';
