package pod

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/warning"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

// ignoreTransitionTimes compares conditions without their timestamps, which tests check apart.
var ignoreTransitionTimes = cmp.FilterPath(func(p cmp.Path) bool {
	return p.Last().String() == ".LastTransitionTime"
}, cmp.Ignore())

func resources(cpu, memory string) corev1.ResourceList {
	list := corev1.ResourceList{}
	if cpu != "" {
		list[corev1.ResourceCPU] = resource.MustParse(cpu)
	}
	if memory != "" {
		list[corev1.ResourceMemory] = resource.MustParse(memory)
	}
	return list
}

func container(name string, requests, limits corev1.ResourceList) corev1.Container {
	return corev1.Container{Name: name, Image: "busybox", Resources: corev1.ResourceRequirements{Requests: requests, Limits: limits}}
}

func TestPrepareForCreate(t *testing.T) {
	tests := []struct {
		name           string
		pod            corev1.Pod
		wantStatus     corev1.PodStatus
		wantGeneration int64
	}{
		{
			name: "client status is replaced by Pending and the computed QoS class",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "p", Generation: 7},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{container("a", resources("1", "1Gi"), resources("1", "1Gi"))}},
				Status: corev1.PodStatus{
					Phase:      corev1.PodRunning,
					PodIP:      "10.0.0.1",
					PodIPs:     []corev1.PodIP{{IP: "10.0.0.1"}},
					Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}},
				},
			},
			wantStatus:     corev1.PodStatus{Phase: corev1.PodPending, QOSClass: corev1.PodQOSGuaranteed},
			wantGeneration: 1,
		},
		{
			name: "a QoS class sent by the client is kept",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "p"},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{container("a", nil, nil)}},
				Status:     corev1.PodStatus{QOSClass: corev1.PodQOSGuaranteed},
			},
			wantStatus:     corev1.PodStatus{Phase: corev1.PodPending, QOSClass: corev1.PodQOSGuaranteed},
			wantGeneration: 1,
		},
		{
			name: "scheduling gates start the pod unscheduled",
			pod: corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "p"},
				Spec: corev1.PodSpec{
					Containers:      []corev1.Container{container("a", nil, nil)},
					SchedulingGates: []corev1.PodSchedulingGate{{Name: "example.com/gate"}},
				},
				Status: corev1.PodStatus{Conditions: []corev1.PodCondition{{Type: corev1.PodScheduled, Status: corev1.ConditionTrue}}},
			},
			wantStatus: corev1.PodStatus{
				Phase:    corev1.PodPending,
				QOSClass: corev1.PodQOSBestEffort,
				Conditions: []corev1.PodCondition{{
					Type:    corev1.PodScheduled,
					Status:  corev1.ConditionFalse,
					Reason:  "SchedulingGated",
					Message: "Scheduling is blocked due to non-empty scheduling gates",
				}},
			},
			wantGeneration: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pod := tc.pod.DeepCopy()
			before := metav1.Now().Rfc3339Copy()
			Strategy.PrepareForCreate(genericapirequest.NewDefaultContext(), pod)
			if diff := cmp.Diff(tc.wantStatus, pod.Status, ignoreTransitionTimes); diff != "" {
				t.Errorf("status (-want +got):\n%s", diff)
			}
			for _, c := range pod.Status.Conditions {
				if c.LastTransitionTime.Before(&before) {
					t.Errorf("condition %s lastTransitionTime = %v, want now", c.Type, c.LastTransitionTime)
				}
			}
			if pod.Generation != tc.wantGeneration {
				t.Errorf("generation = %d, want %d", pod.Generation, tc.wantGeneration)
			}
		})
	}
}

func TestPrepareForCreateMergesLabelKeys(t *testing.T) {
	selector := func() *metav1.LabelSelector {
		return &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}}
	}
	term := func() corev1.PodAffinityTerm {
		return corev1.PodAffinityTerm{
			LabelSelector:     selector(),
			TopologyKey:       "kubernetes.io/hostname",
			MatchLabelKeys:    []string{"version", "absent"},
			MismatchLabelKeys: []string{"tenant"},
		}
	}
	wantTerm := func() corev1.PodAffinityTerm {
		t := term()
		t.LabelSelector.MatchExpressions = []metav1.LabelSelectorRequirement{
			{Key: "version", Operator: metav1.LabelSelectorOpIn, Values: []string{"v2"}},
			{Key: "tenant", Operator: metav1.LabelSelectorOpNotIn, Values: []string{"acme"}},
		}
		return t
	}
	nilSelectorTerm := corev1.PodAffinityTerm{TopologyKey: "zone", MatchLabelKeys: []string{"version"}}

	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "p", Labels: map[string]string{"app": "web", "version": "v2", "tenant": "acme"}},
		Spec: corev1.PodSpec{
			Containers: []corev1.Container{container("a", nil, nil)},
			Affinity: &corev1.Affinity{
				PodAffinity: &corev1.PodAffinity{
					RequiredDuringSchedulingIgnoredDuringExecution:  []corev1.PodAffinityTerm{term(), nilSelectorTerm},
					PreferredDuringSchedulingIgnoredDuringExecution: []corev1.WeightedPodAffinityTerm{{Weight: 1, PodAffinityTerm: term()}},
				},
				PodAntiAffinity: &corev1.PodAntiAffinity{
					RequiredDuringSchedulingIgnoredDuringExecution:  []corev1.PodAffinityTerm{term()},
					PreferredDuringSchedulingIgnoredDuringExecution: []corev1.WeightedPodAffinityTerm{{Weight: 2, PodAffinityTerm: term()}},
				},
			},
			TopologySpreadConstraints: []corev1.TopologySpreadConstraint{
				{MaxSkew: 1, TopologyKey: "zone", WhenUnsatisfiable: corev1.DoNotSchedule, LabelSelector: selector(), MatchLabelKeys: []string{"version", "tenant", "absent"}},
				{MaxSkew: 1, TopologyKey: "zone", WhenUnsatisfiable: corev1.DoNotSchedule, MatchLabelKeys: []string{"version"}},
			},
		},
	}
	Strategy.PrepareForCreate(genericapirequest.NewDefaultContext(), pod)

	wantAffinity := &corev1.Affinity{
		PodAffinity: &corev1.PodAffinity{
			RequiredDuringSchedulingIgnoredDuringExecution:  []corev1.PodAffinityTerm{wantTerm(), nilSelectorTerm},
			PreferredDuringSchedulingIgnoredDuringExecution: []corev1.WeightedPodAffinityTerm{{Weight: 1, PodAffinityTerm: wantTerm()}},
		},
		PodAntiAffinity: &corev1.PodAntiAffinity{
			RequiredDuringSchedulingIgnoredDuringExecution:  []corev1.PodAffinityTerm{wantTerm()},
			PreferredDuringSchedulingIgnoredDuringExecution: []corev1.WeightedPodAffinityTerm{{Weight: 2, PodAffinityTerm: wantTerm()}},
		},
	}
	if diff := cmp.Diff(wantAffinity, pod.Spec.Affinity); diff != "" {
		t.Errorf("affinity (-want +got):\n%s", diff)
	}
	wantSpread := selector()
	wantSpread.MatchExpressions = []metav1.LabelSelectorRequirement{
		{Key: "version", Operator: metav1.LabelSelectorOpIn, Values: []string{"v2"}},
		{Key: "tenant", Operator: metav1.LabelSelectorOpIn, Values: []string{"acme"}},
	}
	if diff := cmp.Diff(wantSpread, pod.Spec.TopologySpreadConstraints[0].LabelSelector); diff != "" {
		t.Errorf("topology spread selector (-want +got):\n%s", diff)
	}
	if pod.Spec.TopologySpreadConstraints[1].LabelSelector != nil {
		t.Errorf("nil topology spread selector became %v", pod.Spec.TopologySpreadConstraints[1].LabelSelector)
	}
}

type warningRecorder []string

func (r *warningRecorder) AddWarning(agent, text string) { *r = append(*r, text) }

func TestPrepareForCreateAppArmorVersionSkew(t *testing.T) {
	const prefix = "container.apparmor.security.beta.kubernetes.io/"
	localhost := func(name string) *corev1.AppArmorProfile {
		return &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeLocalhost, LocalhostProfile: &name}
	}
	warningFor := func(ctr string) string {
		return `metadata.annotations[` + prefix + ctr + `]: deprecated since v1.30; use the "appArmorProfile" field instead`
	}
	tests := []struct {
		name         string
		annotations  map[string]string
		os           *corev1.PodOS
		podProfile   *corev1.AppArmorProfile
		ctrProfile   *corev1.AppArmorProfile
		wantProfile  *corev1.AppArmorProfile
		wantWarnings []string
	}{
		{
			name:         "runtime/default becomes a field",
			annotations:  map[string]string{prefix + "app": "runtime/default"},
			wantProfile:  &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeRuntimeDefault},
			wantWarnings: []string{warningFor("app")},
		},
		{
			name:         "unconfined becomes a field",
			annotations:  map[string]string{prefix + "app": "unconfined"},
			wantProfile:  &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeUnconfined},
			wantWarnings: []string{warningFor("app")},
		},
		{
			name:         "localhost profile becomes a field",
			annotations:  map[string]string{prefix + "app": "localhost/my-profile"},
			wantProfile:  localhost("my-profile"),
			wantWarnings: []string{warningFor("app")},
		},
		{
			name:         "empty localhost profile only warns",
			annotations:  map[string]string{prefix + "app": "localhost/"},
			wantWarnings: []string{warningFor("app")},
		},
		{
			name:         "padded localhost profile only warns",
			annotations:  map[string]string{prefix + "app": "localhost/ my-profile"},
			wantWarnings: []string{warningFor("app")},
		},
		{
			name:         "unknown value only warns",
			annotations:  map[string]string{prefix + "app": "bogus"},
			wantWarnings: []string{warningFor("app")},
		},
		{
			name:        "same as the pod-level profile is left to the pod level without warning",
			annotations: map[string]string{prefix + "app": "runtime/default"},
			podProfile:  &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeRuntimeDefault},
		},
		{
			name:        "an existing field wins silently",
			annotations: map[string]string{prefix + "app": "unconfined"},
			ctrProfile:  localhost("kept"),
			wantProfile: localhost("kept"),
		},
		{
			name:        "annotation for another container",
			annotations: map[string]string{prefix + "other": "unconfined"},
		},
		{
			name:        "windows pods are left alone",
			annotations: map[string]string{prefix + "app": "unconfined"},
			os:          &corev1.PodOS{Name: corev1.Windows},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctr := container("app", nil, nil)
			if tc.ctrProfile != nil {
				ctr.SecurityContext = &corev1.SecurityContext{AppArmorProfile: tc.ctrProfile}
			}
			pod := &corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "p", Annotations: tc.annotations},
				Spec:       corev1.PodSpec{OS: tc.os, Containers: []corev1.Container{ctr}},
			}
			if tc.podProfile != nil {
				pod.Spec.SecurityContext = &corev1.PodSecurityContext{AppArmorProfile: tc.podProfile}
			}
			var recorder warningRecorder
			ctx := warning.WithWarningRecorder(genericapirequest.NewDefaultContext(), &recorder)
			Strategy.PrepareForCreate(ctx, pod)

			var got *corev1.AppArmorProfile
			if sc := pod.Spec.Containers[0].SecurityContext; sc != nil {
				got = sc.AppArmorProfile
			}
			if diff := cmp.Diff(tc.wantProfile, got); diff != "" {
				t.Errorf("container appArmorProfile (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantWarnings, []string(recorder)); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAppArmorVersionSkewVisitsEveryContainerKind(t *testing.T) {
	const prefix = "container.apparmor.security.beta.kubernetes.io/"
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "p", Annotations: map[string]string{
			prefix + "init":  "unconfined",
			prefix + "app":   "unconfined",
			prefix + "debug": "unconfined",
		}},
		Spec: corev1.PodSpec{
			InitContainers:      []corev1.Container{container("init", nil, nil)},
			Containers:          []corev1.Container{container("app", nil, nil)},
			EphemeralContainers: []corev1.EphemeralContainer{{EphemeralContainerCommon: corev1.EphemeralContainerCommon{Name: "debug", Image: "busybox"}}},
		},
	}
	var recorder warningRecorder
	Strategy.PrepareForCreate(warning.WithWarningRecorder(context.Background(), &recorder), pod)
	want := &corev1.SecurityContext{AppArmorProfile: &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeUnconfined}}
	for name, sc := range map[string]*corev1.SecurityContext{
		"init":  pod.Spec.InitContainers[0].SecurityContext,
		"app":   pod.Spec.Containers[0].SecurityContext,
		"debug": pod.Spec.EphemeralContainers[0].SecurityContext,
	} {
		if diff := cmp.Diff(want, sc); diff != "" {
			t.Errorf("%s securityContext (-want +got):\n%s", name, diff)
		}
	}
	var order []string
	for _, w := range recorder {
		order = append(order, strings.TrimSuffix(strings.TrimPrefix(w, "metadata.annotations["+prefix), `]: deprecated since v1.30; use the "appArmorProfile" field instead`))
	}
	if diff := cmp.Diff([]string{"init", "app", "debug"}, order); diff != "" {
		t.Errorf("warning order (-want +got):\n%s", diff)
	}
}

func TestWarningsOnCreate(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{name: "web-0"},
		{name: "web.0", want: []string{"metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Strategy.WarningsOnCreate(context.Background(), &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: tc.name}})
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPrepareForUpdate(t *testing.T) {
	oldPod := func() *corev1.Pod {
		return &corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{Name: "p", Generation: 3, Labels: map[string]string{"a": "1"}},
			Spec: corev1.PodSpec{
				Containers:  []corev1.Container{{Name: "a", Image: "busybox:1"}},
				Tolerations: []corev1.Toleration{{Key: "k", Operator: corev1.TolerationOpExists}},
			},
			Status: corev1.PodStatus{Phase: corev1.PodRunning, QOSClass: corev1.PodQOSBestEffort, PodIP: "10.0.0.1"},
		}
	}
	tests := []struct {
		name           string
		mutate         func(*corev1.Pod)
		wantGeneration int64
	}{
		{name: "no change", mutate: func(*corev1.Pod) {}, wantGeneration: 3},
		{name: "metadata only", mutate: func(p *corev1.Pod) { p.Labels["a"] = "2" }, wantGeneration: 3},
		{name: "status only", mutate: func(p *corev1.Pod) { p.Status.Phase = corev1.PodFailed }, wantGeneration: 3},
		{name: "image change", mutate: func(p *corev1.Pod) { p.Spec.Containers[0].Image = "busybox:2" }, wantGeneration: 4},
		{name: "added toleration", mutate: func(p *corev1.Pod) {
			p.Spec.Tolerations = append(p.Spec.Tolerations, corev1.Toleration{Key: "other", Operator: corev1.TolerationOpExists})
		}, wantGeneration: 4},
		{name: "nil and empty lists are the same spec", mutate: func(p *corev1.Pod) { p.Spec.Volumes = []corev1.Volume{} }, wantGeneration: 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			old := oldPod()
			pod := oldPod()
			tc.mutate(pod)
			Strategy.PrepareForUpdate(context.Background(), pod, old)
			if pod.Generation != tc.wantGeneration {
				t.Errorf("generation = %d, want %d", pod.Generation, tc.wantGeneration)
			}
			if diff := cmp.Diff(old.Status, pod.Status); diff != "" {
				t.Errorf("status must be kept from the stored pod (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStatusPrepareForUpdate(t *testing.T) {
	deleted := metav1.NewTime(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	oldPod := func() *corev1.Pod {
		return &corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{
				Name:            "p",
				OwnerReferences: []metav1.OwnerReference{{APIVersion: "v1", Kind: "ReplicationController", Name: "rc", UID: "u1"}},
			},
			Spec: corev1.PodSpec{NodeName: "node-1", Containers: []corev1.Container{{Name: "a", Image: "busybox"}}},
			Status: corev1.PodStatus{
				Phase:              corev1.PodPending,
				QOSClass:           corev1.PodQOSBurstable,
				ObservedGeneration: 4,
				Conditions: []corev1.PodCondition{
					{Type: corev1.PodReady, Status: corev1.ConditionFalse, ObservedGeneration: 2},
					{Type: "example.com/custom", Status: corev1.ConditionTrue, ObservedGeneration: 3},
					{Type: "example.com/custom", Status: corev1.ConditionTrue, ObservedGeneration: 4},
				},
			},
		}
	}
	tests := []struct {
		name       string
		mutate     func(*corev1.Pod)
		wantStatus corev1.PodStatus
	}{
		{
			name:   "spec, owner references and deletion timestamp are not written here",
			mutate: func(p *corev1.Pod) {},
			wantStatus: corev1.PodStatus{
				Phase:              corev1.PodRunning,
				QOSClass:           corev1.PodQOSBurstable,
				ObservedGeneration: 4,
			},
		},
		{
			name: "empty QoS class and observed generations are kept from the stored pod",
			mutate: func(p *corev1.Pod) {
				p.Status.Conditions = []corev1.PodCondition{
					{Type: "example.com/custom", Status: corev1.ConditionFalse},
					{Type: corev1.PodReady, Status: corev1.ConditionTrue},
					{Type: "example.com/custom", Status: corev1.ConditionFalse, ObservedGeneration: 9},
					{Type: "example.com/custom", Status: corev1.ConditionFalse},
					{Type: corev1.PodScheduled, Status: corev1.ConditionTrue},
				}
			},
			wantStatus: corev1.PodStatus{
				Phase:              corev1.PodRunning,
				QOSClass:           corev1.PodQOSBurstable,
				ObservedGeneration: 4,
				Conditions: []corev1.PodCondition{
					{Type: "example.com/custom", Status: corev1.ConditionFalse, ObservedGeneration: 3},
					{Type: corev1.PodReady, Status: corev1.ConditionTrue, ObservedGeneration: 2},
					{Type: "example.com/custom", Status: corev1.ConditionFalse, ObservedGeneration: 9},
					{Type: "example.com/custom", Status: corev1.ConditionFalse},
					{Type: corev1.PodScheduled, Status: corev1.ConditionTrue},
				},
			},
		},
		{
			name: "set values are written",
			mutate: func(p *corev1.Pod) {
				p.Status.QOSClass = corev1.PodQOSGuaranteed
				p.Status.ObservedGeneration = 7
			},
			wantStatus: corev1.PodStatus{Phase: corev1.PodRunning, QOSClass: corev1.PodQOSGuaranteed, ObservedGeneration: 7},
		},
		{
			name:   "podIP alone fills podIPs",
			mutate: func(p *corev1.Pod) { p.Status.PodIP = "10.0.0.1" },
			wantStatus: corev1.PodStatus{
				Phase: corev1.PodRunning, QOSClass: corev1.PodQOSBurstable, ObservedGeneration: 4,
				PodIP: "10.0.0.1", PodIPs: []corev1.PodIP{{IP: "10.0.0.1"}},
			},
		},
		{
			name:   "podIPs alone fill podIP",
			mutate: func(p *corev1.Pod) { p.Status.PodIPs = []corev1.PodIP{{IP: "10.0.0.1"}, {IP: "fd00::1"}} },
			wantStatus: corev1.PodStatus{
				Phase: corev1.PodRunning, QOSClass: corev1.PodQOSBurstable, ObservedGeneration: 4,
				PodIP: "10.0.0.1", PodIPs: []corev1.PodIP{{IP: "10.0.0.1"}, {IP: "fd00::1"}},
			},
		},
		{
			name: "podIP wins over a disagreeing podIPs",
			mutate: func(p *corev1.Pod) {
				p.Status.PodIP = "10.0.0.2"
				p.Status.PodIPs = []corev1.PodIP{{IP: "10.0.0.1"}, {IP: "fd00::1"}}
			},
			wantStatus: corev1.PodStatus{
				Phase: corev1.PodRunning, QOSClass: corev1.PodQOSBurstable, ObservedGeneration: 4,
				PodIP: "10.0.0.2", PodIPs: []corev1.PodIP{{IP: "10.0.0.2"}},
			},
		},
		{
			name: "hostIP and hostIPs are reconciled the same way",
			mutate: func(p *corev1.Pod) {
				p.Status.HostIP = "192.168.0.2"
				p.Status.HostIPs = []corev1.HostIP{{IP: "192.168.0.1"}}
			},
			wantStatus: corev1.PodStatus{
				Phase: corev1.PodRunning, QOSClass: corev1.PodQOSBurstable, ObservedGeneration: 4,
				HostIP: "192.168.0.2", HostIPs: []corev1.HostIP{{IP: "192.168.0.2"}},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			old := oldPod()
			pod := &corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "p", DeletionTimestamp: &deleted, OwnerReferences: []metav1.OwnerReference{{APIVersion: "v1", Kind: "Node", Name: "n", UID: "u2"}}},
				Spec:       corev1.PodSpec{NodeName: "node-2"},
				Status:     corev1.PodStatus{Phase: corev1.PodRunning},
			}
			tc.mutate(pod)
			StatusStrategy.PrepareForUpdate(context.Background(), pod, old)
			if diff := cmp.Diff(tc.wantStatus, pod.Status); diff != "" {
				t.Errorf("status (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(old.Spec, pod.Spec); diff != "" {
				t.Errorf("spec must be kept (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(old.OwnerReferences, pod.OwnerReferences); diff != "" {
				t.Errorf("ownerReferences must be kept (-want +got):\n%s", diff)
			}
			if pod.DeletionTimestamp != nil {
				t.Errorf("deletionTimestamp = %v, want it cleared for the store to restore", pod.DeletionTimestamp)
			}
		})
	}
}

func TestStatusWarningsOnUpdate(t *testing.T) {
	pod := &corev1.Pod{Status: corev1.PodStatus{
		PodIPs:  []corev1.PodIP{{IP: "10.0.0.1"}, {IP: "2001:DB8::1"}},
		HostIPs: []corev1.HostIP{{IP: "010.000.000.001"}},
	}}
	want := []string{
		`status.podIPs[1].ip: IPv6 address "2001:DB8::1" should be in RFC 5952 canonical format ("2001:db8::1")`,
		`status.hostIPs[0].ip: non-standard IP address "010.000.000.001" is invalid: use "10.0.0.1"`,
	}
	if diff := cmp.Diff(want, StatusStrategy.WarningsOnUpdate(context.Background(), pod, pod)); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

func TestGetResetFields(t *testing.T) {
	tests := []struct {
		name string
		got  *fieldpath.Set
		want *fieldpath.Set
	}{
		{
			name: "pods",
			got:  Strategy.GetResetFields()["v1"],
			want: fieldpath.NewSet(fieldpath.MakePathOrDie("status")),
		},
		{
			name: "pods/status",
			got:  StatusStrategy.GetResetFields()["v1"],
			want: fieldpath.NewSet(
				fieldpath.MakePathOrDie("spec"),
				fieldpath.MakePathOrDie("metadata", "deletionTimestamp"),
				fieldpath.MakePathOrDie("metadata", "ownerReferences"),
			),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.got.Equals(tc.want) {
				t.Errorf("reset fields = %v, want %v", tc.got, tc.want)
			}
		})
	}
}

func TestCheckGracefulDelete(t *testing.T) {
	tests := []struct {
		name    string
		pod     corev1.Pod
		options *int64
		want    int64
	}{
		{
			name:    "bound pending pod keeps the requested period",
			pod:     corev1.Pod{Spec: corev1.PodSpec{NodeName: "n"}, Status: corev1.PodStatus{Phase: corev1.PodPending}},
			options: ptr.To[int64](30),
			want:    30,
		},
		{
			name: "bound pod defaults to its termination grace period",
			pod:  corev1.Pod{Spec: corev1.PodSpec{NodeName: "n", TerminationGracePeriodSeconds: ptr.To[int64](45)}, Status: corev1.PodStatus{Phase: corev1.PodRunning}},
			want: 45,
		},
		{
			name:    "the request overrides the pod's period",
			pod:     corev1.Pod{Spec: corev1.PodSpec{NodeName: "n", TerminationGracePeriodSeconds: ptr.To[int64](45)}, Status: corev1.PodStatus{Phase: corev1.PodRunning}},
			options: ptr.To[int64](5),
			want:    5,
		},
		{
			name: "no period anywhere deletes at once",
			pod:  corev1.Pod{Spec: corev1.PodSpec{NodeName: "n"}, Status: corev1.PodStatus{Phase: corev1.PodRunning}},
			want: 0,
		},
		{
			name:    "failed pod goes at once",
			pod:     corev1.Pod{Spec: corev1.PodSpec{NodeName: "n"}, Status: corev1.PodStatus{Phase: corev1.PodFailed}},
			options: ptr.To[int64](30),
			want:    0,
		},
		{
			name:    "succeeded pod goes at once",
			pod:     corev1.Pod{Spec: corev1.PodSpec{NodeName: "n"}, Status: corev1.PodStatus{Phase: corev1.PodSucceeded}},
			options: ptr.To[int64](30),
			want:    0,
		},
		{
			name:    "unscheduled pod goes at once",
			pod:     corev1.Pod{Spec: corev1.PodSpec{TerminationGracePeriodSeconds: ptr.To[int64](30)}, Status: corev1.PodStatus{Phase: corev1.PodPending}},
			options: ptr.To[int64](30),
			want:    0,
		},
		{
			name: "negative pod period becomes one second",
			pod:  corev1.Pod{Spec: corev1.PodSpec{NodeName: "n", TerminationGracePeriodSeconds: ptr.To[int64](-1)}},
			want: 1,
		},
		{
			name:    "negative requested period becomes one second",
			pod:     corev1.Pod{Spec: corev1.PodSpec{NodeName: "n"}},
			options: ptr.To[int64](-5),
			want:    1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			options := &metav1.DeleteOptions{GracePeriodSeconds: tc.options}
			if !Strategy.CheckGracefulDelete(context.Background(), &tc.pod, options) {
				t.Fatal("CheckGracefulDelete() = false, want true")
			}
			if options.GracePeriodSeconds == nil || *options.GracePeriodSeconds != tc.want {
				t.Errorf("gracePeriodSeconds = %v, want %d", ptr.Deref(options.GracePeriodSeconds, -99), tc.want)
			}
		})
	}
	if Strategy.CheckGracefulDelete(context.Background(), &corev1.Pod{Spec: corev1.PodSpec{NodeName: "n"}}, nil) {
		t.Error("CheckGracefulDelete(nil options) = true, want false")
	}
}

func TestMatcher(t *testing.T) {
	tests := []struct {
		pod      corev1.Pod
		selector string
		want     bool
	}{
		{corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"}}, "metadata.name=p", true},
		{corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"}}, "metadata.namespace=ns", true},
		{corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"}}, "metadata.namespace=other", false},
		{corev1.Pod{Spec: corev1.PodSpec{NodeName: "nodeA"}}, "spec.nodeName=nodeA", true},
		{corev1.Pod{Spec: corev1.PodSpec{NodeName: "nodeB"}}, "spec.nodeName=nodeA", false},
		{corev1.Pod{}, "spec.nodeName=", true},
		{corev1.Pod{Spec: corev1.PodSpec{RestartPolicy: corev1.RestartPolicyAlways}}, "spec.restartPolicy=Always", true},
		{corev1.Pod{Spec: corev1.PodSpec{RestartPolicy: corev1.RestartPolicyAlways}}, "spec.restartPolicy=Never", false},
		{corev1.Pod{Spec: corev1.PodSpec{SchedulerName: "s1"}}, "spec.schedulerName=s1", true},
		{corev1.Pod{Spec: corev1.PodSpec{SchedulerName: "s1"}}, "spec.schedulerName=s2", false},
		{corev1.Pod{Spec: corev1.PodSpec{ServiceAccountName: "sa1"}}, "spec.serviceAccountName=sa1", true},
		{corev1.Pod{Spec: corev1.PodSpec{ServiceAccountName: "sa1"}}, "spec.serviceAccountName=sa2", false},
		{corev1.Pod{Spec: corev1.PodSpec{HostNetwork: true}}, "spec.hostNetwork=true", true},
		{corev1.Pod{Spec: corev1.PodSpec{HostNetwork: true}}, "spec.hostNetwork=false", false},
		{corev1.Pod{}, "spec.hostNetwork=false", true},
		{corev1.Pod{}, "spec.hostNetwork=true", false},
		{corev1.Pod{Status: corev1.PodStatus{Phase: corev1.PodRunning}}, "status.phase=Running", true},
		{corev1.Pod{Status: corev1.PodStatus{Phase: corev1.PodRunning}}, "status.phase!=Running", false},
		{corev1.Pod{Status: corev1.PodStatus{PodIP: "1.2.3.4", PodIPs: []corev1.PodIP{{IP: "1.2.3.4"}}}}, "status.podIP=1.2.3.4", true},
		{corev1.Pod{Status: corev1.PodStatus{PodIPs: []corev1.PodIP{{IP: "2001:db8::"}}}}, "status.podIP=2001:db8::", true},
		{corev1.Pod{Status: corev1.PodStatus{PodIP: "1.2.3.4"}}, "status.podIP=4.3.2.1", false},
		{corev1.Pod{Status: corev1.PodStatus{PodIP: "1.2.3.4", PodIPs: []corev1.PodIP{{IP: "1.2.3.4"}}}}, "status.podIPs=1.2.3.4", false},
		{corev1.Pod{Status: corev1.PodStatus{PodIP: "1.2.3.4", PodIPs: []corev1.PodIP{{IP: "1.2.3.4"}}}}, "status.podIPs=", true},
		{corev1.Pod{Status: corev1.PodStatus{NominatedNodeName: "node1"}}, "status.nominatedNodeName=node1", true},
		{corev1.Pod{Status: corev1.PodStatus{NominatedNodeName: "node1"}}, "status.nominatedNodeName=node2", false},
	}
	for _, tc := range tests {
		t.Run(tc.selector, func(t *testing.T) {
			pred := Matcher(labels.Everything(), fields.ParseSelectorOrDie(tc.selector))
			got, err := pred.Matches(&tc.pod)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("Matches(%q) = %v, want %v", tc.selector, got, tc.want)
			}
		})
	}
}

func TestMatcherIndexesNodeName(t *testing.T) {
	pred := Matcher(labels.Everything(), fields.ParseSelectorOrDie("spec.nodeName=n1"))
	if diff := cmp.Diff([]string{"spec.nodeName"}, pred.IndexFields); diff != "" {
		t.Errorf("index fields (-want +got):\n%s", diff)
	}
	pod := &corev1.Pod{Spec: corev1.PodSpec{NodeName: "n1"}}
	if got := NodeNameTriggerFunc(pod); got != "n1" {
		t.Errorf("NodeNameTriggerFunc() = %q, want n1", got)
	}
	index := (*Indexers())["f:spec.nodeName"]
	if index == nil {
		t.Fatalf("no spec.nodeName indexer in %v", *Indexers())
	}
	values, err := index(pod)
	if err != nil || len(values) != 1 || values[0] != "n1" {
		t.Errorf("indexer = %v, %v; want [n1]", values, err)
	}
}

func TestGetAttrs(t *testing.T) {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns", Labels: map[string]string{"app": "web"}, UID: types.UID("u")}}
	gotLabels, gotFields, err := GetAttrs(pod)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(labels.Set{"app": "web"}, gotLabels); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	wantFields := fields.Set{
		"metadata.name":            "p",
		"metadata.namespace":       "ns",
		"spec.nodeName":            "",
		"spec.restartPolicy":       "",
		"spec.schedulerName":       "",
		"spec.serviceAccountName":  "",
		"spec.hostNetwork":         "false",
		"status.phase":             "",
		"status.podIP":             "",
		"status.nominatedNodeName": "",
	}
	if diff := cmp.Diff(wantFields, gotFields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	if _, _, err := GetAttrs(&corev1.Node{}); err == nil {
		t.Error("GetAttrs(node) succeeded, want an error")
	}
}
