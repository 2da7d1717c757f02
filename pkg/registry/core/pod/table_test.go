package pod

import (
	"context"
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestPodTableColumns(t *testing.T) {
	table, err := NewTableConvertor().ConvertToTable(context.Background(), &corev1.Pod{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	type col struct {
		name, typ string
		priority  int32
	}
	want := []col{
		{"Name", "string", 0}, {"Ready", "string", 0}, {"Status", "string", 0}, {"Restarts", "string", 0}, {"Age", "string", 0},
		{"IP", "string", 1}, {"Node", "string", 1}, {"Nominated Node", "string", 1}, {"Readiness Gates", "string", 1},
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
	if f := table.ColumnDefinitions[0].Format; f != "name" {
		t.Errorf("name column format = %q, want name", f)
	}
}

func tablePodAt(ago time.Duration) metav1.Time {
	return metav1.NewTime(time.Now().Add(-ago))
}

func tableRunning() corev1.ContainerState {
	return corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}
}

func tableWaiting(reason string) corev1.ContainerState {
	return corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: reason}}
}

func tableTerminated(reason string, exitCode, signal int32) corev1.ContainerState {
	return corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: reason, ExitCode: exitCode, Signal: signal}}
}

func tableFinished(ago time.Duration) corev1.ContainerState {
	return corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "Error", ExitCode: 1, FinishedAt: tablePodAt(ago)}}
}

func tableContainers(names ...string) []corev1.Container {
	var cs []corev1.Container
	for _, n := range names {
		cs = append(cs, corev1.Container{Name: n, Image: n + ":1"})
	}
	return cs
}

func TestPodTableRow(t *testing.T) {
	always := corev1.ContainerRestartPolicyAlways
	started := true
	deleted := metav1.NewTime(time.Now())

	tests := []struct {
		name           string
		pod            corev1.Pod
		want           []interface{}
		wantConditions []metav1.TableRowCondition
	}{
		{
			name: "running pod",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "web", CreationTimestamp: tablePodAt(3 * time.Hour)},
				Spec:       corev1.PodSpec{NodeName: "node-1", Containers: tableContainers("app")},
				Status: corev1.PodStatus{
					Phase: corev1.PodRunning, PodIP: "10.0.0.1", PodIPs: []corev1.PodIP{{IP: "10.0.0.1"}},
					ContainerStatuses: []corev1.ContainerStatus{{Name: "app", Ready: true, State: tableRunning()}},
				},
			},
			want: []interface{}{"web", "1/1", "Running", "0", "3h", "10.0.0.1", "node-1", "<none>", "<none>"},
		},
		{
			name: "crash looping container",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "crash", CreationTimestamp: tablePodAt(50 * time.Hour)},
				Spec:       corev1.PodSpec{NodeName: "node-1", Containers: tableContainers("app")},
				Status: corev1.PodStatus{
					Phase: corev1.PodRunning,
					ContainerStatuses: []corev1.ContainerStatus{{
						Name: "app", RestartCount: 3, State: tableWaiting("CrashLoopBackOff"),
						LastTerminationState: tableFinished(15 * time.Minute),
					}},
				},
			},
			want: []interface{}{"crash", "0/1", "CrashLoopBackOff", "3 (15m ago)", "2d2h", "<none>", "node-1", "<none>", "<none>"},
		},
		{
			name: "restarts without a termination time",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "r"},
				Spec:       corev1.PodSpec{Containers: tableContainers("a", "b")},
				Status: corev1.PodStatus{
					Phase: corev1.PodRunning,
					ContainerStatuses: []corev1.ContainerStatus{
						{Name: "a", Ready: true, RestartCount: 1, State: tableRunning()},
						{Name: "b", Ready: true, RestartCount: 3, State: tableRunning()},
					},
				},
			},
			want: []interface{}{"r", "2/2", "Running", "4", "<unknown>", "<none>", "<none>", "<none>", "<none>"},
		},
		{
			name: "most recent termination wins",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "r"},
				Spec:       corev1.PodSpec{Containers: tableContainers("a", "b")},
				Status: corev1.PodStatus{
					Phase: corev1.PodRunning,
					ContainerStatuses: []corev1.ContainerStatus{
						{Name: "a", Ready: true, RestartCount: 1, State: tableRunning(), LastTerminationState: tableFinished(50 * time.Hour)},
						{Name: "b", Ready: true, RestartCount: 1, State: tableRunning(), LastTerminationState: tableFinished(3 * time.Hour)},
					},
				},
			},
			want: []interface{}{"r", "2/2", "Running", "2 (3h ago)", "<unknown>", "<none>", "<none>", "<none>", "<none>"},
		},
		{
			name: "first failing container names the status",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "p"},
				Spec:       corev1.PodSpec{Containers: tableContainers("a", "b")},
				Status: corev1.PodStatus{
					Phase: corev1.PodRunning,
					ContainerStatuses: []corev1.ContainerStatus{
						{Name: "a", State: tableWaiting("ImagePullBackOff")},
						{Name: "b", State: tableWaiting("ContainerCreating")},
					},
				},
			},
			want: []interface{}{"p", "0/2", "ImagePullBackOff", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"},
		},
		{
			name: "terminated container without reason shows exit code",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "p"},
				Spec:       corev1.PodSpec{Containers: tableContainers("a")},
				Status: corev1.PodStatus{
					Phase:             corev1.PodRunning,
					ContainerStatuses: []corev1.ContainerStatus{{Name: "a", State: tableTerminated("", 137, 0)}},
				},
			},
			want: []interface{}{"p", "0/1", "ExitCode:137", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"},
		},
		{
			name: "terminated container without reason shows signal",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "p"},
				Spec:       corev1.PodSpec{Containers: tableContainers("a")},
				Status: corev1.PodStatus{
					Phase:             corev1.PodRunning,
					ContainerStatuses: []corev1.ContainerStatus{{Name: "a", State: tableTerminated("", 137, 9)}},
				},
			},
			want: []interface{}{"p", "0/1", "Signal:9", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"},
		},
		{
			name: "completed container next to a running one, pod not ready",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "p"},
				Spec:       corev1.PodSpec{Containers: tableContainers("a", "b")},
				Status: corev1.PodStatus{
					Phase: corev1.PodRunning,
					ContainerStatuses: []corev1.ContainerStatus{
						{Name: "a", State: tableTerminated("Completed", 0, 0)},
						{Name: "b", Ready: true, State: tableRunning()},
					},
				},
			},
			want: []interface{}{"p", "1/2", "NotReady", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"},
		},
		{
			name: "completed container next to a running one, pod ready",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "p"},
				Spec:       corev1.PodSpec{Containers: tableContainers("a", "b")},
				Status: corev1.PodStatus{
					Phase:      corev1.PodRunning,
					Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}},
					ContainerStatuses: []corev1.ContainerStatus{
						{Name: "a", State: tableTerminated("Completed", 0, 0)},
						{Name: "b", Ready: true, State: tableRunning()},
					},
				},
			},
			want: []interface{}{"p", "1/2", "Running", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"},
		},
		{
			name: "succeeded pod",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "job"},
				Spec:       corev1.PodSpec{Containers: tableContainers("a")},
				Status: corev1.PodStatus{
					Phase:             corev1.PodSucceeded,
					ContainerStatuses: []corev1.ContainerStatus{{Name: "a", State: tableTerminated("Completed", 0, 0)}},
				},
			},
			want: []interface{}{"job", "0/1", "Completed", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"},
			wantConditions: []metav1.TableRowCondition{{
				Type: metav1.RowCompleted, Status: metav1.ConditionTrue, Reason: "Succeeded", Message: "The pod has completed successfully.",
			}},
		},
		{
			name: "evicted pod",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "ev"},
				Spec:       corev1.PodSpec{Containers: tableContainers("a")},
				Status:     corev1.PodStatus{Phase: corev1.PodFailed, Reason: "Evicted"},
			},
			want: []interface{}{"ev", "0/1", "Evicted", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"},
			wantConditions: []metav1.TableRowCondition{{
				Type: metav1.RowCompleted, Status: metav1.ConditionTrue, Reason: "Failed", Message: "The pod failed.",
			}},
		},
		{
			name: "scheduling gated",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "gated"},
				Spec:       corev1.PodSpec{Containers: tableContainers("a")},
				Status: corev1.PodStatus{
					Phase:      corev1.PodPending,
					Conditions: []corev1.PodCondition{{Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: "SchedulingGated"}},
				},
			},
			want: []interface{}{"gated", "0/1", "SchedulingGated", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"},
		},
		{
			name: "terminating",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "t", DeletionTimestamp: &deleted},
				Spec:       corev1.PodSpec{Containers: tableContainers("a")},
				Status: corev1.PodStatus{
					Phase:             corev1.PodRunning,
					ContainerStatuses: []corev1.ContainerStatus{{Name: "a", Ready: true, State: tableRunning()}},
				},
			},
			want: []interface{}{"t", "1/1", "Terminating", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"},
		},
		{
			name: "deleted on a lost node",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "lost", DeletionTimestamp: &deleted},
				Spec:       corev1.PodSpec{Containers: tableContainers("a")},
				Status:     corev1.PodStatus{Phase: corev1.PodRunning, Reason: "NodeLost"},
			},
			want: []interface{}{"lost", "0/1", "Unknown", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"},
		},
		{
			name: "deleted after failing keeps its reason",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "f", DeletionTimestamp: &deleted},
				Spec:       corev1.PodSpec{Containers: tableContainers("a")},
				Status: corev1.PodStatus{
					Phase:             corev1.PodFailed,
					ContainerStatuses: []corev1.ContainerStatus{{Name: "a", State: tableTerminated("Error", 1, 0)}},
				},
			},
			want: []interface{}{"f", "0/1", "Error", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"},
			wantConditions: []metav1.TableRowCondition{{
				Type: metav1.RowCompleted, Status: metav1.ConditionTrue, Reason: "Failed", Message: "The pod failed.",
			}},
		},
		{
			name: "init container in progress",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "init"},
				Spec:       corev1.PodSpec{InitContainers: tableContainers("i1", "i2", "i3"), Containers: tableContainers("a")},
				Status: corev1.PodStatus{
					Phase: corev1.PodPending,
					InitContainerStatuses: []corev1.ContainerStatus{
						{Name: "i1", State: tableTerminated("Completed", 0, 0)},
						{Name: "i2", RestartCount: 1, State: tableRunning()},
						{Name: "i3", RestartCount: 5, State: tableWaiting("PodInitializing")},
					},
					ContainerStatuses: []corev1.ContainerStatus{{Name: "a", RestartCount: 7, State: tableWaiting("PodInitializing")}},
				},
			},
			want: []interface{}{"init", "0/1", "Init:1/3", "1", "<unknown>", "<none>", "<none>", "<none>", "<none>"},
		},
		{
			name: "init container waiting on PodInitializing counts as progress",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "init"},
				Spec:       corev1.PodSpec{InitContainers: tableContainers("i1"), Containers: tableContainers("a")},
				Status: corev1.PodStatus{
					Phase:                 corev1.PodPending,
					InitContainerStatuses: []corev1.ContainerStatus{{Name: "i1", State: tableWaiting("PodInitializing")}},
				},
			},
			want: []interface{}{"init", "0/1", "Init:0/1", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"},
		},
		{
			name: "init container crash looping",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "init"},
				Spec:       corev1.PodSpec{InitContainers: tableContainers("i1"), Containers: tableContainers("a")},
				Status: corev1.PodStatus{
					Phase: corev1.PodPending,
					InitContainerStatuses: []corev1.ContainerStatus{{
						Name: "i1", RestartCount: 4, State: tableWaiting("CrashLoopBackOff"), LastTerminationState: tableFinished(15 * time.Minute),
					}},
				},
			},
			want: []interface{}{"init", "0/1", "Init:CrashLoopBackOff", "4 (15m ago)", "<unknown>", "<none>", "<none>", "<none>", "<none>"},
		},
		{
			name: "init container failed with reason",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "init"},
				Spec:       corev1.PodSpec{InitContainers: tableContainers("i1"), Containers: tableContainers("a")},
				Status: corev1.PodStatus{
					Phase:                 corev1.PodPending,
					InitContainerStatuses: []corev1.ContainerStatus{{Name: "i1", State: tableTerminated("Error", 1, 0)}},
				},
			},
			want: []interface{}{"init", "0/1", "Init:Error", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"},
		},
		{
			name: "init container failed with exit code",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "init"},
				Spec:       corev1.PodSpec{InitContainers: tableContainers("i1"), Containers: tableContainers("a")},
				Status: corev1.PodStatus{
					Phase:                 corev1.PodPending,
					InitContainerStatuses: []corev1.ContainerStatus{{Name: "i1", State: tableTerminated("", 2, 0)}},
				},
			},
			want: []interface{}{"init", "0/1", "Init:ExitCode:2", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"},
		},
		{
			name: "init container killed by signal",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "init"},
				Spec:       corev1.PodSpec{InitContainers: tableContainers("i1"), Containers: tableContainers("a")},
				Status: corev1.PodStatus{
					Phase:                 corev1.PodPending,
					InitContainerStatuses: []corev1.ContainerStatus{{Name: "i1", State: tableTerminated("", 2, 15)}},
				},
			},
			want: []interface{}{"init", "0/1", "Init:Signal:15", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"},
		},
		{
			name: "running sidecar counts as a container",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "side"},
				Spec: corev1.PodSpec{
					InitContainers: []corev1.Container{{Name: "proxy", RestartPolicy: &always}},
					Containers:     tableContainers("a"),
				},
				Status: corev1.PodStatus{
					Phase:      corev1.PodRunning,
					Conditions: []corev1.PodCondition{{Type: corev1.PodInitialized, Status: corev1.ConditionTrue}},
					InitContainerStatuses: []corev1.ContainerStatus{{
						Name: "proxy", Ready: true, Started: &started, RestartCount: 2, State: tableRunning(),
						LastTerminationState: tableFinished(3 * time.Hour),
					}},
					ContainerStatuses: []corev1.ContainerStatus{{Name: "a", Ready: true, State: tableRunning()}},
				},
			},
			want: []interface{}{"side", "2/2", "Running", "2 (3h ago)", "<unknown>", "<none>", "<none>", "<none>", "<none>"},
		},
		{
			name: "sidecar not started yet blocks initialisation",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "side"},
				Spec: corev1.PodSpec{
					InitContainers: []corev1.Container{{Name: "proxy", RestartPolicy: &always}, {Name: "setup"}},
					Containers:     tableContainers("a"),
				},
				Status: corev1.PodStatus{
					Phase: corev1.PodPending,
					InitContainerStatuses: []corev1.ContainerStatus{
						{Name: "proxy", State: tableRunning()},
						{Name: "setup", State: tableWaiting("PodInitializing")},
					},
				},
			},
			want: []interface{}{"side", "0/2", "Init:0/2", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"},
		},
		{
			name: "wide cells",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "wide"},
				Spec: corev1.PodSpec{
					Containers:     tableContainers("a"),
					ReadinessGates: []corev1.PodReadinessGate{{ConditionType: "example.com/lb"}, {ConditionType: "example.com/dns"}},
				},
				Status: corev1.PodStatus{
					Phase:             corev1.PodPending,
					NominatedNodeName: "node-2",
					PodIPs:            []corev1.PodIP{{IP: "fd00::5"}, {IP: "10.0.0.5"}},
					Conditions: []corev1.PodCondition{
						{Type: "example.com/lb", Status: corev1.ConditionTrue},
						{Type: "example.com/dns", Status: corev1.ConditionFalse},
					},
				},
			},
			want: []interface{}{"wide", "0/1", "Pending", "0", "<unknown>", "fd00::5", "<none>", "node-2", "1/2"},
		},
		{
			name: "podIP wins over podIPs",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "ip"},
				Status:     corev1.PodStatus{Phase: corev1.PodRunning, PodIP: "10.0.0.9", PodIPs: []corev1.PodIP{{IP: "10.0.0.8"}}},
			},
			want: []interface{}{"ip", "0/0", "Running", "0", "<unknown>", "10.0.0.9", "<none>", "<none>", "<none>"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			table, err := NewTableConvertor().ConvertToTable(context.Background(), &tc.pod, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(table.Rows) != 1 {
				t.Fatalf("got %d rows, want 1", len(table.Rows))
			}
			if got := table.Rows[0].Cells; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("cells = %#v\nwant    %#v", got, tc.want)
			}
			if got := table.Rows[0].Conditions; !reflect.DeepEqual(got, tc.wantConditions) {
				t.Errorf("conditions = %#v, want %#v", got, tc.wantConditions)
			}
		})
	}
}

func TestPodTableList(t *testing.T) {
	list := &corev1.PodList{
		ListMeta: metav1.ListMeta{ResourceVersion: "123", Continue: "next"},
		Items: []corev1.Pod{
			{ObjectMeta: metav1.ObjectMeta{Name: "a"}, Status: corev1.PodStatus{Phase: corev1.PodPending}},
			{ObjectMeta: metav1.ObjectMeta{Name: "b"}, Status: corev1.PodStatus{Phase: corev1.PodSucceeded}},
		},
	}
	table, err := NewTableConvertor().ConvertToTable(context.Background(), list, &metav1.TableOptions{NoHeaders: true})
	if err != nil {
		t.Fatal(err)
	}
	if table.ColumnDefinitions != nil {
		t.Errorf("noHeaders table has columns %v", table.ColumnDefinitions)
	}
	if table.ResourceVersion != "123" || table.Continue != "next" {
		t.Errorf("list meta = %q %q", table.ResourceVersion, table.Continue)
	}
	want := [][]interface{}{
		{"a", "0/0", "Pending", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"},
		{"b", "0/0", "Succeeded", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"},
	}
	var got [][]interface{}
	for i, r := range table.Rows {
		got = append(got, r.Cells)
		if r.Object.Object != &list.Items[i] {
			t.Errorf("row %d object is not the list item", i)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cells = %v, want %v", got, want)
	}
	if table.Rows[0].Conditions != nil || len(table.Rows[1].Conditions) != 1 {
		t.Errorf("conditions = %v, %v", table.Rows[0].Conditions, table.Rows[1].Conditions)
	}
}
