// Package validation checks flowcontrol.apiserver.k8s.io/v1 FlowSchemas and
// PriorityLevelConfigurations with kube-apiserver's rules, messages and field paths, including the
// rule that the mandatory objects ("exempt", "catch-all") keep their fixed specs.
package validation
