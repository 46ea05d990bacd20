import { smallKnowledgeBot } from './tests/fixtures/core/small-kb';
