// Package pipeline turns the pipeline's command-line settings into what
// consumers.New needs: the flags of the processor, its streams and its state
// store (shared by serve, demo and bench), registered straight onto a
// consumers.Config and a consumers.StreamsConfig so that each setting and its
// default is defined once; and the garbage-collector target of a process
// that runs the pipeline.
package pipeline
