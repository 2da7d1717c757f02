package endpoints

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

func TestFindPort(t *testing.T) {
	always := corev1.ContainerRestartPolicyAlways
	pod := &corev1.Pod{Spec: corev1.PodSpec{
		Containers: []corev1.Container{{Ports: []corev1.ContainerPort{
			{Name: "http", ContainerPort: 8080, Protocol: corev1.ProtocolTCP},
			{Name: "dns", ContainerPort: 5353, Protocol: corev1.ProtocolUDP},
		}}},
		InitContainers: []corev1.Container{
			{Name: "init", Ports: []corev1.ContainerPort{{Name: "init", ContainerPort: 1, Protocol: corev1.ProtocolTCP}}},
			{Name: "sidecar", RestartPolicy: &always, Ports: []corev1.ContainerPort{{Name: "proxy", ContainerPort: 15001, Protocol: corev1.ProtocolTCP}}},
		},
	}}
	tests := []struct {
		name     string
		target   intstr.IntOrString
		protocol corev1.Protocol
		want     int32
		wantErr  bool
	}{
		{name: "number", target: intstr.FromInt32(9000), protocol: corev1.ProtocolTCP, want: 9000},
		{name: "name", target: intstr.FromString("http"), protocol: corev1.ProtocolTCP, want: 8080},
		{name: "name of another protocol", target: intstr.FromString("dns"), protocol: corev1.ProtocolTCP, wantErr: true},
		{name: "name on a sidecar", target: intstr.FromString("proxy"), protocol: corev1.ProtocolTCP, want: 15001},
		{name: "name on an init container", target: intstr.FromString("init"), protocol: corev1.ProtocolTCP, wantErr: true},
		{name: "unknown name", target: intstr.FromString("grpc"), protocol: corev1.ProtocolTCP, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FindPort(pod, &corev1.ServicePort{TargetPort: tt.target, Protocol: tt.protocol})
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("FindPort = %d, %v; want %d, error %t", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestIncludePod(t *testing.T) {
	now := metav1.Now()
	tests := []struct {
		name        string
		status      corev1.PodStatus
		deleting    bool
		terminating bool
		want        bool
	}{
		{name: "no IP", status: corev1.PodStatus{Phase: corev1.PodRunning}, want: false},
		{name: "running with an IP", status: corev1.PodStatus{Phase: corev1.PodRunning, PodIP: "10.0.0.1"}, want: true},
		{name: "only podIPs", status: corev1.PodStatus{PodIPs: []corev1.PodIP{{IP: "10.0.0.1"}}}, want: true},
		{name: "succeeded", status: corev1.PodStatus{Phase: corev1.PodSucceeded, PodIP: "10.0.0.1"}, want: false},
		{name: "failed", status: corev1.PodStatus{Phase: corev1.PodFailed, PodIP: "10.0.0.1"}, terminating: true, want: false},
		{name: "terminating, excluded", status: corev1.PodStatus{PodIP: "10.0.0.1"}, deleting: true, want: false},
		{name: "terminating, included", status: corev1.PodStatus{PodIP: "10.0.0.1"}, deleting: true, terminating: true, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pod := &corev1.Pod{Status: tt.status}
			if tt.deleting {
				pod.DeletionTimestamp = &now
			}
			if got := IncludePod(pod, tt.terminating); got != tt.want {
				t.Errorf("IncludePod = %t, want %t", got, tt.want)
			}
		})
	}
}

func TestTriggerTimes(t *testing.T) {
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "web", CreationTimestamp: metav1.NewTime(created)}}
	pod := func(name string, at time.Time) *corev1.Pod {
		return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name}, Status: corev1.PodStatus{Conditions: []corev1.PodCondition{
			{Type: corev1.PodReady, Status: corev1.ConditionTrue, LastTransitionTime: metav1.NewTime(at)}}}}
	}
	t1, t2, t3 := created.Add(time.Minute), created.Add(2*time.Minute), created.Add(3*time.Minute)
	tr := NewTriggerTimes()
	steps := []struct {
		name string
		pods []*corev1.Pod
		want time.Time
	}{
		{name: "first sync: the service's creation", pods: []*corev1.Pod{pod("a", t1)}, want: created},
		{name: "nothing changed", pods: []*corev1.Pod{pod("a", t1)}, want: time.Time{}},
		{name: "the earliest of the changes", pods: []*corev1.Pod{pod("a", t3), pod("b", t2)}, want: t2},
		{name: "a pod gone changes nothing that has a time", pods: []*corev1.Pod{pod("b", t2)}, want: time.Time{}},
	}
	for _, s := range steps {
		got := tr.Compute(svc, s.pods)
		if !got.Time.Equal(s.want) {
			t.Errorf("%s: Compute = %v, want %v", s.name, got.Time, s.want)
		}
		tr.Record(got)
	}
	failed := tr.Compute(svc, []*corev1.Pod{pod("b", t3)})
	if retried := tr.Compute(svc, []*corev1.Pod{pod("b", t3)}); !retried.Time.Equal(t3) || !failed.Time.Equal(t3) {
		t.Errorf("a sync retried after a failed write: Compute = %v then %v, want %v both times", failed.Time, retried.Time, t3)
	}
	tr.Forget("ns", "web")
	if got := tr.Compute(svc, nil); !got.Time.Equal(created) {
		t.Errorf("after Forget: Compute = %v, want the creation time", got)
	}
}
