/** The statistics core: agreement, win rates, intervals and rankings. Pure and seeded. */
export * from "./errors.ts";
export * from "./rng.ts";
export * from "./quantile.ts";
export * from "./log-gamma.ts";
export * from "./binomial-sampler.ts";
export * from "./bootstrap.ts";
export * from "./wilson.ts";
export * from "./sign-test.ts";
export * from "./labels.ts";
export * from "./percent-agreement.ts";
export * from "./cohen-kappa.ts";
export * from "./fleiss-kappa.ts";
export * from "./krippendorff-alpha.ts";
export * from "./majority-agreement.ts";
export * from "./win-rate.ts";
export * from "./bradley-terry.ts";
export * from "./clustered.ts";
