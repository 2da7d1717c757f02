package node

import (
	"context"
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestNodeTableColumns(t *testing.T) {
	table, err := NewTableConvertor().ConvertToTable(context.Background(), &corev1.Node{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	type col struct {
		name, typ string
		priority  int32
	}
	want := []col{
		{"Name", "string", 0}, {"Status", "string", 0}, {"Roles", "string", 0}, {"Age", "string", 0}, {"Version", "string", 0},
		{"Internal-IP", "string", 1}, {"External-IP", "string", 1}, {"OS-Image", "string", 1},
		{"Kernel-Version", "string", 1}, {"Container-Runtime", "string", 1},
	}
	var got []col
	for _, c := range table.ColumnDefinitions {
		got = append(got, col{c.Name, c.Type, c.Priority})
		if c.Description == "" {
			t.Errorf("column %s has no description", c.Name)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("columns = %v, want %v", got, want)
	}
}

func tableNodeReady(status corev1.ConditionStatus) []corev1.NodeCondition {
	return []corev1.NodeCondition{
		{Type: corev1.NodeMemoryPressure, Status: corev1.ConditionFalse},
		{Type: corev1.NodeReady, Status: status},
	}
}

func TestNodeTableRow(t *testing.T) {
	tests := []struct {
		name string
		node corev1.Node
		want []interface{}
	}{
		{
			name: "ready control plane node",
			node: corev1.Node{
				ObjectMeta: metav1.ObjectMeta{
					Name:              "cp-1",
					CreationTimestamp: metav1.NewTime(time.Now().Add(-50 * time.Hour)),
					Labels: map[string]string{
						"node-role.kubernetes.io/control-plane": "",
						"node-role.kubernetes.io/":              "",
						"kubernetes.io/role":                    "etcd",
						"kubernetes.io/hostname":                "cp-1",
					},
				},
				Status: corev1.NodeStatus{
					Conditions: tableNodeReady(corev1.ConditionTrue),
					Addresses: []corev1.NodeAddress{
						{Type: corev1.NodeHostName, Address: "cp-1"},
						{Type: corev1.NodeInternalIP, Address: "192.168.0.10"},
						{Type: corev1.NodeInternalIP, Address: "fd00::10"},
						{Type: corev1.NodeExternalIP, Address: "203.0.113.10"},
					},
					NodeInfo: corev1.NodeSystemInfo{
						KubeletVersion: "v1.37.2", OSImage: "Debian GNU/Linux 13", KernelVersion: "6.12.0", ContainerRuntimeVersion: "containerd://2.1.0",
					},
				},
			},
			want: []interface{}{"cp-1", "Ready", "control-plane,etcd", "2d2h", "v1.37.2", "192.168.0.10", "203.0.113.10", "Debian GNU/Linux 13", "6.12.0", "containerd://2.1.0"},
		},
		{
			name: "not ready and cordoned",
			node: corev1.Node{
				ObjectMeta: metav1.ObjectMeta{Name: "w-1"},
				Spec:       corev1.NodeSpec{Unschedulable: true},
				Status:     corev1.NodeStatus{Conditions: tableNodeReady(corev1.ConditionFalse)},
			},
			want: []interface{}{"w-1", "NotReady,SchedulingDisabled", "<none>", "<unknown>", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>"},
		},
		{
			name: "ready condition unknown",
			node: corev1.Node{
				ObjectMeta: metav1.ObjectMeta{Name: "w-2"},
				Status:     corev1.NodeStatus{Conditions: tableNodeReady(corev1.ConditionUnknown)},
			},
			want: []interface{}{"w-2", "NotReady", "<none>", "<unknown>", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>"},
		},
		{
			name: "no ready condition",
			node: corev1.Node{
				ObjectMeta: metav1.ObjectMeta{Name: "w-3", Labels: map[string]string{"kubernetes.io/role": ""}},
				Spec:       corev1.NodeSpec{Unschedulable: true},
				Status:     corev1.NodeStatus{Conditions: []corev1.NodeCondition{{Type: corev1.NodeDiskPressure, Status: corev1.ConditionTrue}}},
			},
			want: []interface{}{"w-3", "Unknown,SchedulingDisabled", "<none>", "<unknown>", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>"},
		},
		{
			name: "last ready condition wins",
			node: corev1.Node{
				ObjectMeta: metav1.ObjectMeta{Name: "w-4"},
				Status: corev1.NodeStatus{Conditions: []corev1.NodeCondition{
					{Type: corev1.NodeReady, Status: corev1.ConditionFalse},
					{Type: corev1.NodeReady, Status: corev1.ConditionTrue},
				}},
			},
			want: []interface{}{"w-4", "Ready", "<none>", "<unknown>", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			table, err := NewTableConvertor().ConvertToTable(context.Background(), &tc.node, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := table.Rows[0].Cells; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("cells = %#v\nwant    %#v", got, tc.want)
			}
		})
	}
}

func TestNodeTableList(t *testing.T) {
	list := &corev1.NodeList{
		ListMeta: metav1.ListMeta{ResourceVersion: "31"},
		Items: []corev1.Node{
			{ObjectMeta: metav1.ObjectMeta{Name: "a"}, Status: corev1.NodeStatus{Conditions: tableNodeReady(corev1.ConditionTrue)}},
			{ObjectMeta: metav1.ObjectMeta{Name: "b"}},
		},
	}
	table, err := NewTableConvertor().ConvertToTable(context.Background(), list, &metav1.TableOptions{NoHeaders: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(table.Rows) != 2 || table.Rows[0].Cells[1] != "Ready" || table.Rows[1].Cells[1] != "Unknown" {
		t.Errorf("rows = %v", table.Rows)
	}
	if table.ColumnDefinitions != nil || table.ResourceVersion != "31" {
		t.Errorf("columns %v, resourceVersion %q", table.ColumnDefinitions, table.ResourceVersion)
	}
}
