// The persona catalog and the crews, as data (pure: importable in the workflow and the editor).
export { findPersona, personas } from './catalog.js';
export {
  CREW_PROCESSES,
  defineCrews,
  type Crew,
  type CrewMember,
  type CrewProcess,
} from './crew.js';
export { crews, findCrew } from './crews.js';
export { COORDINATOR_PERSONA } from './orchestration.js';
export * from './outputs.js';
export {
  definePersonas,
  PERSONA_GROUPS,
  personaSystemPrompt,
  type Persona,
  type PersonaGroup,
} from './persona.js';
