// Package pod implements the strategies, field selectors and table columns of the pods resource.
package pod

import (
	"fmt"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

// nodeLostReason is the status reason the node lifecycle controller sets on
// pods of an unreachable node; upstream keeps it in k8s.io/kubernetes/pkg/util/node.
const nodeLostReason = "NodeLost"

var podColumns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Ready", Type: "string", Description: "The aggregate readiness state of this pod for accepting traffic."},
	{Name: "Status", Type: "string", Description: "The aggregate status of the containers in this pod."},
	{Name: "Restarts", Type: "string", Description: "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."},
	tables.AgeColumn(),
	{Name: "IP", Type: "string", Priority: 1, Description: corev1.PodStatus{}.SwaggerDoc()["podIP"]},
	{Name: "Node", Type: "string", Priority: 1, Description: corev1.PodSpec{}.SwaggerDoc()["nodeName"]},
	{Name: "Nominated Node", Type: "string", Priority: 1, Description: corev1.PodStatus{}.SwaggerDoc()["nominatedNodeName"]},
	{Name: "Readiness Gates", Type: "string", Priority: 1, Description: corev1.PodSpec{}.SwaggerDoc()["readinessGates"]},
}

// Finished pods carry a row condition so that `kubectl get` can hide them
// (--show-all=false in old clients).
var (
	podSucceededConditions = []metav1.TableRowCondition{{Type: metav1.RowCompleted, Status: metav1.ConditionTrue, Reason: string(corev1.PodSucceeded), Message: "The pod has completed successfully."}}
	podFailedConditions    = []metav1.TableRowCondition{{Type: metav1.RowCompleted, Status: metav1.ConditionTrue, Reason: string(corev1.PodFailed), Message: "The pod failed."}}
)

// NewTableConvertor returns the `kubectl get pods` table: NAME, READY, STATUS,
// RESTARTS, AGE and, for -o wide, IP, NODE, NOMINATED NODE, READINESS GATES.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(podColumns, printPod)
}

// podRestarts accumulates container restart counts together with the most
// recent time one of those containers last terminated.
type podRestarts struct {
	count int
	last  metav1.Time
}

func (r *podRestarts) add(status corev1.ContainerStatus) {
	r.count += int(status.RestartCount)
	if t := status.LastTerminationState.Terminated; t != nil && r.last.Before(&t.FinishedAt) {
		r.last = t.FinishedAt
	}
}

func (r podRestarts) String() string {
	if r.count != 0 && !r.last.IsZero() {
		return fmt.Sprintf("%d (%s ago)", r.count, tables.Since(r.last))
	}
	return strconv.Itoa(r.count)
}

func printPod(pod *corev1.Pod) (metav1.TableRow, error) {
	var row metav1.TableRow
	switch pod.Status.Phase {
	case corev1.PodSucceeded:
		row.Conditions = podSucceededConditions
	case corev1.PodFailed:
		row.Conditions = podFailedConditions
	}

	reason := string(pod.Status.Phase)
	if pod.Status.Reason != "" {
		reason = pod.Status.Reason
	}
	for _, c := range pod.Status.Conditions {
		if c.Type == corev1.PodScheduled && c.Reason == corev1.PodReasonSchedulingGated {
			reason = corev1.PodReasonSchedulingGated
		}
	}

	// Sidecars (restartable init containers) count as containers of the pod.
	totalContainers := len(pod.Spec.Containers)
	initContainers := make(map[string]*corev1.Container, len(pod.Spec.InitContainers))
	for i := range pod.Spec.InitContainers {
		c := &pod.Spec.InitContainers[i]
		initContainers[c.Name] = c
		if isRestartable(c) {
			totalContainers++
		}
	}

	readyContainers := 0
	var restarts, sidecarRestarts podRestarts
	initializing := false
	for i, status := range pod.Status.InitContainerStatuses {
		restarts.add(status)
		sidecar := isRestartable(initContainers[status.Name])
		if sidecar {
			sidecarRestarts.add(status)
		}
		if t := status.State.Terminated; t != nil && t.ExitCode == 0 {
			continue
		}
		if sidecar && status.Started != nil && *status.Started {
			if status.Ready {
				readyContainers++
			}
			continue
		}
		// The first init container that has not finished decides the status.
		initializing = true
		reason = initContainerReason(status, i, len(pod.Spec.InitContainers))
		break
	}

	if !initializing || isPodInitialized(pod.Status) {
		restarts = sidecarRestarts
		hasRunning := false
		// Walk backwards so the first container with a problem names the status.
		for i := len(pod.Status.ContainerStatuses) - 1; i >= 0; i-- {
			status := pod.Status.ContainerStatuses[i]
			restarts.add(status)
			switch waiting, terminated := status.State.Waiting, status.State.Terminated; {
			case waiting != nil && waiting.Reason != "":
				reason = waiting.Reason
			case terminated != nil && terminated.Reason != "":
				reason = terminated.Reason
			case terminated != nil && terminated.Signal != 0:
				reason = fmt.Sprintf("Signal:%d", terminated.Signal)
			case terminated != nil:
				reason = fmt.Sprintf("ExitCode:%d", terminated.ExitCode)
			case status.Ready && status.State.Running != nil:
				hasRunning = true
				readyContainers++
			}
		}
		if reason == "Completed" && hasRunning {
			if IsReady(pod.Status) {
				reason = "Running"
			} else {
				reason = "NotReady"
			}
		}
	}

	if pod.DeletionTimestamp != nil {
		if pod.Status.Reason == nodeLostReason {
			reason = "Unknown"
		} else if pod.Status.Phase != corev1.PodSucceeded && pod.Status.Phase != corev1.PodFailed {
			reason = "Terminating"
		}
	}

	row.Cells = []interface{}{
		pod.Name,
		fmt.Sprintf("%d/%d", readyContainers, totalContainers),
		reason,
		restarts.String(),
		tables.Since(pod.CreationTimestamp),
		tables.OrNone(podIP(pod.Status)),
		tables.OrNone(pod.Spec.NodeName),
		tables.OrNone(pod.Status.NominatedNodeName),
		readinessGates(pod),
	}
	return row, nil
}

func initContainerReason(status corev1.ContainerStatus, index, total int) string {
	switch waiting, terminated := status.State.Waiting, status.State.Terminated; {
	case terminated != nil && terminated.Reason != "":
		return "Init:" + terminated.Reason
	case terminated != nil && terminated.Signal != 0:
		return fmt.Sprintf("Init:Signal:%d", terminated.Signal)
	case terminated != nil:
		return fmt.Sprintf("Init:ExitCode:%d", terminated.ExitCode)
	case waiting != nil && waiting.Reason != "" && waiting.Reason != "PodInitializing":
		return "Init:" + waiting.Reason
	default:
		return fmt.Sprintf("Init:%d/%d", index, total)
	}
}

func isRestartable(c *corev1.Container) bool {
	return c != nil && c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways
}

// isPodInitialized looks only at the first Initialized condition, as upstream does.
func isPodInitialized(status corev1.PodStatus) bool {
	for _, c := range status.Conditions {
		if c.Type == corev1.PodInitialized {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// podIP mirrors upstream's v1-to-internal conversion, under which a set
// podIP wins over podIPs.
func podIP(status corev1.PodStatus) string {
	if status.PodIP != "" {
		return status.PodIP
	}
	if len(status.PodIPs) > 0 {
		return status.PodIPs[0].IP
	}
	return ""
}

// readinessGates renders "<true gates>/<gates>", matching each gate against
// the first pod condition of its type.
func readinessGates(pod *corev1.Pod) string {
	if len(pod.Spec.ReadinessGates) == 0 {
		return tables.None
	}
	trueGates := 0
	for _, gate := range pod.Spec.ReadinessGates {
		for _, c := range pod.Status.Conditions {
			if c.Type == gate.ConditionType {
				if c.Status == corev1.ConditionTrue {
					trueGates++
				}
				break
			}
		}
	}
	return fmt.Sprintf("%d/%d", trueGates, len(pod.Spec.ReadinessGates))
}
