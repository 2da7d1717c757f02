// Package node implements the strategies, field selectors and table columns of the nodes resource.
package node

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/tables"
)

const (
	// nodeRoleLabelPrefix marks a role with a node-role.kubernetes.io/<role> label.
	nodeRoleLabelPrefix = "node-role.kubernetes.io/"
	// nodeRoleLabel is the older kubernetes.io/role=<role> form.
	nodeRoleLabel = "kubernetes.io/role"
)

var nodeColumns = []metav1.TableColumnDefinition{
	tables.NameColumn(),
	{Name: "Status", Type: "string", Description: "The status of the node"},
	{Name: "Roles", Type: "string", Description: "The roles of the node"},
	tables.AgeColumn(),
	{Name: "Version", Type: "string", Description: corev1.NodeSystemInfo{}.SwaggerDoc()["kubeletVersion"]},
	{Name: "Internal-IP", Type: "string", Priority: 1, Description: corev1.NodeStatus{}.SwaggerDoc()["addresses"]},
	{Name: "External-IP", Type: "string", Priority: 1, Description: corev1.NodeStatus{}.SwaggerDoc()["addresses"]},
	{Name: "OS-Image", Type: "string", Priority: 1, Description: corev1.NodeSystemInfo{}.SwaggerDoc()["osImage"]},
	{Name: "Kernel-Version", Type: "string", Priority: 1, Description: corev1.NodeSystemInfo{}.SwaggerDoc()["kernelVersion"]},
	{Name: "Container-Runtime", Type: "string", Priority: 1, Description: corev1.NodeSystemInfo{}.SwaggerDoc()["containerRuntimeVersion"]},
}

// NewTableConvertor returns the `kubectl get nodes` table: NAME, STATUS, ROLES,
// AGE, VERSION and, for -o wide, INTERNAL-IP, EXTERNAL-IP, OS-IMAGE,
// KERNEL-VERSION, CONTAINER-RUNTIME.
func NewTableConvertor() rest.TableConvertor {
	return tables.New(nodeColumns, printNode)
}

func printNode(node *corev1.Node) (metav1.TableRow, error) {
	roles := nodeRoles(node)
	info := node.Status.NodeInfo
	return metav1.TableRow{Cells: []interface{}{
		node.Name,
		nodeStatus(node),
		tables.OrNone(strings.Join(roles, ",")),
		tables.Since(node.CreationTimestamp),
		info.KubeletVersion,
		tables.OrNone(nodeAddress(node, corev1.NodeInternalIP)),
		tables.OrNone(nodeAddress(node, corev1.NodeExternalIP)),
		nodeInfoOrUnknown(info.OSImage),
		kernelVersion(info),
		nodeInfoOrUnknown(info.ContainerRuntimeVersion),
	}}, nil
}

// nodeStatus renders the Ready condition (the last one wins if repeated) as
// Ready, NotReady or Unknown, then SchedulingDisabled for cordoned nodes.
func nodeStatus(node *corev1.Node) string {
	status := "Unknown"
	for _, c := range node.Status.Conditions {
		if c.Type != corev1.NodeReady {
			continue
		}
		if c.Status == corev1.ConditionTrue {
			status = string(c.Type)
		} else {
			status = "Not" + string(c.Type)
		}
	}
	if node.Spec.Unschedulable {
		status += ",SchedulingDisabled"
	}
	return status
}

// nodeRoles collects roles from both role label forms, sorted.
func nodeRoles(node *corev1.Node) []string {
	roles := sets.New[string]()
	for k, v := range node.Labels {
		switch {
		case strings.HasPrefix(k, nodeRoleLabelPrefix):
			if role := strings.TrimPrefix(k, nodeRoleLabelPrefix); role != "" {
				roles.Insert(role)
			}
		case k == nodeRoleLabel && v != "":
			roles.Insert(v)
		}
	}
	return sets.List(roles)
}

// nodeAddress returns the first address of the given type.
func nodeAddress(node *corev1.Node, addrType corev1.NodeAddressType) string {
	for _, a := range node.Status.Addresses {
		if a.Type == addrType {
			return a.Address
		}
	}
	return ""
}

// kernelVersion renders the KERNEL-VERSION cell, which kube-apiserver v1.37 follows with the
// node's architecture in parentheses when the node reports one.
func kernelVersion(info corev1.NodeSystemInfo) string {
	kernel := nodeInfoOrUnknown(info.KernelVersion)
	if info.Architecture == "" {
		return kernel
	}
	return kernel + " (" + info.Architecture + ")"
}

func nodeInfoOrUnknown(s string) string {
	if s == "" {
		return "<unknown>"
	}
	return s
}
