// Romanization and sound matching between Hangul and Latin spellings of the same name.
export { romanizeHangul, hangulSoundKey } from './hangul';
export { latinSoundKeys } from './latin';
export { keyWeight, soundSimilarity, skeleton } from './similarity';
