// The editor's sections, one file each; this list is what the editor page renders.
export { OverviewSection } from './overview-section';
export { OffersSection } from './offers-section';
export { WorkloadsSection } from './workloads-section';
export { RegionsSection } from './regions-section';
export { ShocksSection } from './shocks-section';
export { StrategiesSection } from './strategies-section';
export { SimulationSection } from './simulation-section';
