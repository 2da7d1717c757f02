package node

import (
	"context"
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestNodeTableKwokNode checks every cell, wide ones included, of a node as kwok registers it: the
// KERNEL-VERSION cell carries the architecture in parentheses, as kube-apiserver v1.37 prints it.
func TestNodeTableKwokNode(t *testing.T) {
	node := &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{
			Name:              "kwok-node-0",
			CreationTimestamp: metav1.NewTime(time.Now().Add(-90 * time.Minute)),
			Labels:            map[string]string{"type": "kwok", "node-role.kubernetes.io/agent": ""},
			Annotations:       map[string]string{"kwok.x-k8s.io/node": "fake"},
		},
		Status: corev1.NodeStatus{
			Conditions: tableNodeReady(corev1.ConditionTrue),
			Addresses:  []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: "10.0.0.1"}},
			NodeInfo: corev1.NodeSystemInfo{
				Architecture:            "amd64",
				OperatingSystem:         "linux",
				KubeletVersion:          "fake",
				KernelVersion:           "kwok-0.8.0",
				ContainerRuntimeVersion: "kwok-0.8.0",
			},
		},
	}
	table, err := NewTableConvertor().ConvertToTable(context.Background(), node, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []interface{}{"kwok-node-0", "Ready", "agent", "90m", "fake", "10.0.0.1", "<none>", "<unknown>", "kwok-0.8.0 (amd64)", "kwok-0.8.0"}
	if got := table.Rows[0].Cells; !reflect.DeepEqual(got, want) {
		t.Errorf("cells = %#v\nwant    %#v", got, want)
	}
}

// TestNodeTableKernelVersion checks the KERNEL-VERSION cell for each combination of a reported
// kernel version and architecture.
func TestNodeTableKernelVersion(t *testing.T) {
	tests := []struct {
		kernel, arch, want string
	}{
		{"6.12.0", "arm64", "6.12.0 (arm64)"},
		{"6.12.0", "", "6.12.0"},
		{"", "amd64", "<unknown> (amd64)"},
		{"", "", "<unknown>"},
	}
	for _, tc := range tests {
		node := &corev1.Node{Status: corev1.NodeStatus{NodeInfo: corev1.NodeSystemInfo{KernelVersion: tc.kernel, Architecture: tc.arch}}}
		table, err := NewTableConvertor().ConvertToTable(context.Background(), node, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := table.Rows[0].Cells[8]; got != tc.want {
			t.Errorf("kernel %q, architecture %q: cell = %q, want %q", tc.kernel, tc.arch, got, tc.want)
		}
	}
}
