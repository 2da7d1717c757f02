package core

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	quota "k8s.io/apiserver/pkg/quota/v1"
	testingclock "k8s.io/utils/clock/testing"
	"k8s.io/utils/ptr"
)

func resources(pairs ...string) corev1.ResourceList {
	list := corev1.ResourceList{}
	for i := 0; i < len(pairs); i += 2 {
		list[corev1.ResourceName(pairs[i])] = resource.MustParse(pairs[i+1])
	}
	return list
}

func container(name string, requests, limits corev1.ResourceList) corev1.Container {
	return corev1.Container{Name: name, Resources: corev1.ResourceRequirements{Requests: requests, Limits: limits}}
}

func podWith(containers ...corev1.Container) *corev1.Pod {
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"}, Spec: corev1.PodSpec{Containers: containers}}
}

func TestPodUsage(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	clock := testingclock.NewFakeClock(now)
	terminal := podWith(container("a", resources("cpu", "1"), nil))
	terminal.Status.Phase = corev1.PodSucceeded
	pastGrace := podWith(container("a", resources("cpu", "1"), nil))
	pastGrace.DeletionTimestamp = &metav1.Time{Time: now.Add(-time.Minute)}
	pastGrace.DeletionGracePeriodSeconds = ptr.To[int64](30)
	inGrace := podWith(container("a", resources("cpu", "1"), nil))
	inGrace.DeletionTimestamp = &metav1.Time{Time: now.Add(-time.Minute)}
	inGrace.DeletionGracePeriodSeconds = ptr.To[int64](120)
	initBigger := podWith(container("a", resources("cpu", "100m", "memory", "1Gi"), resources("cpu", "200m")))
	initBigger.Spec.InitContainers = []corev1.Container{container("init", resources("cpu", "500m"), nil)}

	tests := []struct {
		name string
		pod  *corev1.Pod
		want corev1.ResourceList
	}{
		{
			name: "requests and limits of every container add up",
			pod:  podWith(container("a", resources("cpu", "100m", "memory", "1Gi"), resources("cpu", "200m", "memory", "2Gi")), container("b", resources("cpu", "300m", "ephemeral-storage", "1Gi"), resources("ephemeral-storage", "2Gi"))),
			want: resources("count/pods", "1", "pods", "1",
				"cpu", "400m", "requests.cpu", "400m", "limits.cpu", "200m",
				"memory", "1Gi", "requests.memory", "1Gi", "limits.memory", "2Gi",
				"ephemeral-storage", "1Gi", "requests.ephemeral-storage", "1Gi", "limits.ephemeral-storage", "2Gi"),
		},
		{
			name: "an init container asking more than the containers sets the request",
			pod:  initBigger,
			want: resources("count/pods", "1", "pods", "1", "cpu", "500m", "requests.cpu", "500m", "limits.cpu", "200m", "memory", "1Gi", "requests.memory", "1Gi"),
		},
		{
			name: "hugepages and extended resources are charged as requests",
			pod:  podWith(container("a", resources("hugepages-2Mi", "4Mi", "example.com/gpu", "2"), resources("hugepages-2Mi", "4Mi", "example.com/gpu", "2"))),
			want: resources("count/pods", "1", "pods", "1", "hugepages-2Mi", "4Mi", "requests.hugepages-2Mi", "4Mi", "requests.example.com/gpu", "2"),
		},
		{name: "a terminal pod only counts as an object", pod: terminal, want: resources("count/pods", "1")},
		{name: "a pod past its deletion grace period only counts as an object", pod: pastGrace, want: resources("count/pods", "1")},
		{name: "a pod within its deletion grace period is charged", pod: inGrace, want: resources("count/pods", "1", "pods", "1", "cpu", "1", "requests.cpu", "1")},
	}
	e := NewPodEvaluator(nil, clock)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.Usage(tt.pod)
			if err != nil {
				t.Fatal(err)
			}
			if !quota.Equals(got, tt.want) {
				t.Errorf("usage = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPodMatchingResources(t *testing.T) {
	e := NewPodEvaluator(nil, testingclock.NewFakeClock(time.Now()))
	input := []corev1.ResourceName{"pods", "requests.cpu", "count/pods", "requests.hugepages-1Gi", "requests.example.com/gpu", "services", "secrets", "example.com/gpu"}
	got := e.MatchingResources(input)
	want := []corev1.ResourceName{"pods", "requests.cpu", "count/pods", "requests.hugepages-1Gi", "requests.example.com/gpu"}
	if !quota.Equals(toList(got), toList(want)) {
		t.Errorf("MatchingResources = %v, want %v", got, want)
	}
}

func toList(names []corev1.ResourceName) corev1.ResourceList {
	list := corev1.ResourceList{}
	for _, n := range names {
		list[n] = resource.MustParse("1")
	}
	return list
}

func TestPodConstraints(t *testing.T) {
	e := NewPodEvaluator(nil, testingclock.NewFakeClock(time.Now()))
	p := podWith(container("b", resources("cpu", "1"), nil), container("a", nil, nil))
	err := e.Constraints([]corev1.ResourceName{"requests.cpu", "limits.memory", "requests.ephemeral-storage"}, p)
	want := "must specify limits.memory for: a,b; requests.cpu for: a"
	if err == nil || err.Error() != want {
		t.Errorf("Constraints = %v, want %q", err, want)
	}
	complete := podWith(container("a", resources("cpu", "1"), resources("memory", "1Gi")))
	if err := e.Constraints([]corev1.ResourceName{"requests.cpu", "limits.memory", "pods"}, complete); err != nil {
		t.Errorf("Constraints of a complete pod = %v", err)
	}
}

func TestPodScopes(t *testing.T) {
	bestEffort := podWith(container("a", nil, nil))
	burstable := podWith(container("a", resources("cpu", "1"), nil))
	terminating := podWith(container("a", nil, nil))
	terminating.Spec.ActiveDeadlineSeconds = ptr.To[int64](60)
	high := podWith(container("a", nil, nil))
	high.Spec.PriorityClassName = "high"
	crossNamespace := podWith(container("a", nil, nil))
	crossNamespace.Spec.Affinity = &corev1.Affinity{PodAntiAffinity: &corev1.PodAntiAffinity{
		PreferredDuringSchedulingIgnoredDuringExecution: []corev1.WeightedPodAffinityTerm{{Weight: 1, PodAffinityTerm: corev1.PodAffinityTerm{
			TopologyKey: "zone", NamespaceSelector: &metav1.LabelSelector{},
		}}},
	}}

	exists := func(scope corev1.ResourceQuotaScope) corev1.ScopedResourceSelectorRequirement {
		return corev1.ScopedResourceSelectorRequirement{ScopeName: scope, Operator: corev1.ScopeSelectorOpExists}
	}
	priority := func(op corev1.ScopeSelectorOperator, values ...string) corev1.ScopedResourceSelectorRequirement {
		return corev1.ScopedResourceSelectorRequirement{ScopeName: corev1.ResourceQuotaScopePriorityClass, Operator: op, Values: values}
	}
	tests := []struct {
		name     string
		pod      *corev1.Pod
		selector corev1.ScopedResourceSelectorRequirement
		want     bool
	}{
		{"best effort pod in BestEffort", bestEffort, exists(corev1.ResourceQuotaScopeBestEffort), true},
		{"burstable pod not in BestEffort", burstable, exists(corev1.ResourceQuotaScopeBestEffort), false},
		{"burstable pod in NotBestEffort", burstable, exists(corev1.ResourceQuotaScopeNotBestEffort), true},
		{"pod with a deadline in Terminating", terminating, exists(corev1.ResourceQuotaScopeTerminating), true},
		{"pod with a deadline not in NotTerminating", terminating, exists(corev1.ResourceQuotaScopeNotTerminating), false},
		{"pod without a deadline in NotTerminating", bestEffort, exists(corev1.ResourceQuotaScopeNotTerminating), true},
		{"priority class In its value", high, priority(corev1.ScopeSelectorOpIn, "high", "low"), true},
		{"priority class not In other values", high, priority(corev1.ScopeSelectorOpIn, "low"), false},
		{"priority class NotIn other values", high, priority(corev1.ScopeSelectorOpNotIn, "low"), true},
		{"no priority class NotIn any value", bestEffort, priority(corev1.ScopeSelectorOpNotIn, "low"), true},
		{"no priority class not Exists", bestEffort, priority(corev1.ScopeSelectorOpExists), false},
		{"no priority class DoesNotExist", bestEffort, priority(corev1.ScopeSelectorOpDoesNotExist), true},
		{"namespace selector term in CrossNamespacePodAffinity", crossNamespace, exists(corev1.ResourceQuotaScopeCrossNamespacePodAffinity), true},
		{"no affinity not in CrossNamespacePodAffinity", bestEffort, exists(corev1.ResourceQuotaScopeCrossNamespacePodAffinity), false},
		{"pods are never in VolumeAttributesClass", bestEffort, exists(corev1.ResourceQuotaScopeVolumeAttributesClass), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := podMatchesScope(tt.selector, tt.pod)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("match = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPodUsageStatsWithScopes(t *testing.T) {
	pods := []*corev1.Pod{
		podWith(container("a", resources("cpu", "1"), nil)),
		podWith(container("a", nil, nil)),
		podWith(container("a", resources("cpu", "2"), nil)),
	}
	e := &podEvaluator{clock: testingclock.NewFakeClock(time.Now()), list: listOf(pods...)}
	stats, err := e.UsageStats(quotaOptions([]corev1.ResourceQuotaScope{corev1.ResourceQuotaScopeNotBestEffort}, "pods", "requests.cpu"))
	if err != nil {
		t.Fatal(err)
	}
	if want := resources("pods", "2", "requests.cpu", "3"); !quota.Equals(quota.Mask(stats.Used, []corev1.ResourceName{"pods", "requests.cpu"}), want) {
		t.Errorf("used = %v, want %v", stats.Used, want)
	}
}
