/**
 * Facts about the Kubernetes API server that every part of the operator meets alike, such as how it refuses
 * writes in a namespace being deleted. Imports nothing of ours, so any layer may use it.
 */
package io.cvlan.kube;
