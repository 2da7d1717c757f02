/*
Copyright The kapi Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

package v1

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"
)

// quantityEqual compares quantities by value, since their internal
// representation differs between parsed and computed values.
var quantityEqual = cmp.Comparer(func(a, b resource.Quantity) bool { return a.Cmp(b) == 0 })

// defaulted runs obj through a scheme's defaulting, the way the API server's
// decoder does, and returns it.
func defaulted[T runtime.Object](t *testing.T, obj T) T {
	t.Helper()
	scheme := runtime.NewScheme()
	if err := RegisterDefaults(scheme); err != nil {
		t.Fatalf("RegisterDefaults: %v", err)
	}
	scheme.Default(obj)
	return obj
}

func diff(t *testing.T, want, got any) {
	t.Helper()
	if d := cmp.Diff(want, got, quantityEqual); d != "" {
		t.Errorf("unexpected defaults (-want +got):\n%s", d)
	}
}

func podWith(spec corev1.PodSpec) *corev1.Pod {
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"}, Spec: spec}
}

func TestPodSpecDefaults(t *testing.T) {
	pod := defaulted(t, podWith(corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "nginx"}}}))
	want := corev1.PodSpec{
		Containers: []corev1.Container{{
			Name:                     "c",
			Image:                    "nginx",
			ImagePullPolicy:          corev1.PullAlways,
			TerminationMessagePath:   "/dev/termination-log",
			TerminationMessagePolicy: corev1.TerminationMessageReadFile,
		}},
		RestartPolicy:                 corev1.RestartPolicyAlways,
		TerminationGracePeriodSeconds: ptr.To[int64](30),
		DNSPolicy:                     corev1.DNSClusterFirst,
		SecurityContext:               &corev1.PodSecurityContext{},
		SchedulerName:                 "default-scheduler",
		EnableServiceLinks:            ptr.To(true),
	}
	diff(t, want, pod.Spec)
}

func TestPodSpecDefaultsKeepSetValues(t *testing.T) {
	spec := corev1.PodSpec{
		Containers: []corev1.Container{{
			Name:                     "c",
			Image:                    "nginx",
			ImagePullPolicy:          corev1.PullNever,
			TerminationMessagePath:   "/tmp/msg",
			TerminationMessagePolicy: corev1.TerminationMessageFallbackToLogsOnError,
		}},
		RestartPolicy:                 corev1.RestartPolicyNever,
		TerminationGracePeriodSeconds: ptr.To[int64](0),
		DNSPolicy:                     corev1.DNSDefault,
		SecurityContext:               &corev1.PodSecurityContext{RunAsUser: ptr.To[int64](1000)},
		SchedulerName:                 "custom",
		EnableServiceLinks:            ptr.To(false),
	}
	pod := defaulted(t, podWith(*spec.DeepCopy()))
	diff(t, spec, pod.Spec)
}

func TestImagePullPolicy(t *testing.T) {
	const sha256 = "sha256:b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
	cases := []struct {
		image string
		want  corev1.PullPolicy
	}{
		{"nginx", corev1.PullAlways},
		{"nginx:latest", corev1.PullAlways},
		{"library/nginx", corev1.PullAlways},
		{"docker.io/library/nginx", corev1.PullAlways},
		{"index.docker.io/nginx", corev1.PullAlways},
		{"registry.k8s.io/pause", corev1.PullAlways},
		{"registry.example.com:5000/team/app", corev1.PullAlways},
		{"localhost/app", corev1.PullAlways},
		{"[fd00::1]:5000/app", corev1.PullAlways},
		// An uppercase first component is taken as a registry host.
		{"UPPER/nginx", corev1.PullAlways},
		{"nginx:latest@" + sha256, corev1.PullAlways},
		{"nginx:1.25", corev1.PullIfNotPresent},
		{"localhost:5000/app:v1", corev1.PullIfNotPresent},
		{"nginx@" + sha256, corev1.PullIfNotPresent},
		// Tags are case sensitive.
		{"nginx:Latest", corev1.PullIfNotPresent},
		// References that do not parse never resolve to :latest.
		{"", corev1.PullIfNotPresent},
		{"Nginx", corev1.PullIfNotPresent},
		{" nginx", corev1.PullIfNotPresent},
		{"nginx:", corev1.PullIfNotPresent},
		{"nginx@sha256:abc", corev1.PullIfNotPresent},
		{"nginx@md5:0123456789abcdef0123456789abcdef", corev1.PullIfNotPresent},
		{"nginx@" + strings.ToUpper(sha256), corev1.PullIfNotPresent},
		{"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c", corev1.PullIfNotPresent},
		// The 255 character limit applies to the normalized
		// docker.io/library/<name>.
		{strings.Repeat("a", 237), corev1.PullAlways},
		{strings.Repeat("a", 238), corev1.PullIfNotPresent},
	}
	for _, tc := range cases {
		t.Run(tc.image, func(t *testing.T) {
			pod := defaulted(t, podWith(corev1.PodSpec{
				InitContainers:      []corev1.Container{{Name: "i", Image: tc.image}},
				Containers:          []corev1.Container{{Name: "c", Image: tc.image}},
				EphemeralContainers: []corev1.EphemeralContainer{{EphemeralContainerCommon: corev1.EphemeralContainerCommon{Name: "e", Image: tc.image}}},
				Volumes:             []corev1.Volume{{Name: "v", VolumeSource: corev1.VolumeSource{Image: &corev1.ImageVolumeSource{Reference: tc.image}}}},
			}))
			got := []corev1.PullPolicy{
				pod.Spec.InitContainers[0].ImagePullPolicy,
				pod.Spec.Containers[0].ImagePullPolicy,
				pod.Spec.EphemeralContainers[0].ImagePullPolicy,
				pod.Spec.Volumes[0].Image.PullPolicy,
			}
			want := []corev1.PullPolicy{tc.want, tc.want, tc.want, tc.want}
			diff(t, want, got)
		})
	}
}

func TestEphemeralContainerDefaults(t *testing.T) {
	pod := defaulted(t, podWith(corev1.PodSpec{
		EphemeralContainers: []corev1.EphemeralContainer{{EphemeralContainerCommon: corev1.EphemeralContainerCommon{
			Name:           "debug",
			Image:          "busybox:1.36",
			Ports:          []corev1.ContainerPort{{ContainerPort: 80}},
			ReadinessProbe: &corev1.Probe{},
		}}},
	}))
	want := corev1.EphemeralContainerCommon{
		Name:                     "debug",
		Image:                    "busybox:1.36",
		ImagePullPolicy:          corev1.PullIfNotPresent,
		TerminationMessagePath:   "/dev/termination-log",
		TerminationMessagePolicy: corev1.TerminationMessageReadFile,
		Ports:                    []corev1.ContainerPort{{ContainerPort: 80, Protocol: corev1.ProtocolTCP}},
		ReadinessProbe:           &corev1.Probe{TimeoutSeconds: 1, PeriodSeconds: 10, SuccessThreshold: 1, FailureThreshold: 3},
	}
	diff(t, want, pod.Spec.EphemeralContainers[0].EphemeralContainerCommon)
}

func TestContainerNestedDefaults(t *testing.T) {
	pod := defaulted(t, podWith(corev1.PodSpec{Containers: []corev1.Container{{
		Name:  "c",
		Image: "nginx:1",
		Ports: []corev1.ContainerPort{{ContainerPort: 80}, {ContainerPort: 53, Protocol: corev1.ProtocolUDP}},
		Env: []corev1.EnvVar{
			{Name: "POD", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.name"}}},
			{Name: "F", ValueFrom: &corev1.EnvVarSource{FileKeyRef: &corev1.FileKeySelector{VolumeName: "v", Path: "p", Key: "k"}}},
		},
		LivenessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Port: intstr.FromInt32(8080)}}},
		ReadinessProbe: &corev1.Probe{
			ProbeHandler:     corev1.ProbeHandler{GRPC: &corev1.GRPCAction{Port: 9090}},
			TimeoutSeconds:   5,
			PeriodSeconds:    20,
			SuccessThreshold: 2,
			FailureThreshold: 6,
		},
		Lifecycle: &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/stop", Scheme: corev1.URISchemeHTTPS}}},
	}}}))
	c := pod.Spec.Containers[0]
	diff(t, []corev1.ContainerPort{{ContainerPort: 80, Protocol: corev1.ProtocolTCP}, {ContainerPort: 53, Protocol: corev1.ProtocolUDP}}, c.Ports)
	diff(t, "v1", c.Env[0].ValueFrom.FieldRef.APIVersion)
	diff(t, ptr.To(false), c.Env[1].ValueFrom.FileKeyRef.Optional)
	diff(t, &corev1.Probe{
		ProbeHandler:     corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/", Port: intstr.FromInt32(8080), Scheme: corev1.URISchemeHTTP}},
		TimeoutSeconds:   1,
		PeriodSeconds:    10,
		SuccessThreshold: 1,
		FailureThreshold: 3,
	}, c.LivenessProbe)
	diff(t, &corev1.Probe{
		ProbeHandler:     corev1.ProbeHandler{GRPC: &corev1.GRPCAction{Port: 9090, Service: ptr.To("")}},
		TimeoutSeconds:   5,
		PeriodSeconds:    20,
		SuccessThreshold: 2,
		FailureThreshold: 6,
	}, c.ReadinessProbe)
	diff(t, &corev1.HTTPGetAction{Path: "/stop", Scheme: corev1.URISchemeHTTPS}, c.Lifecycle.PreStop.HTTPGet)
}

func TestPodRequestsDefaultToLimits(t *testing.T) {
	limits := corev1.ResourceList{
		corev1.ResourceCPU:    resource.MustParse("1"),
		corev1.ResourceMemory: resource.MustParse("1Gi"),
	}
	pod := defaulted(t, podWith(corev1.PodSpec{
		InitContainers: []corev1.Container{{Name: "i", Image: "i", Resources: corev1.ResourceRequirements{Limits: limits.DeepCopy()}}},
		Containers: []corev1.Container{
			{Name: "a", Image: "a", Resources: corev1.ResourceRequirements{Limits: limits.DeepCopy()}},
			{Name: "b", Image: "b", Resources: corev1.ResourceRequirements{
				Limits:   limits.DeepCopy(),
				Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m")},
			}},
			{Name: "c", Image: "c"},
		},
	}))
	diff(t, limits, pod.Spec.InitContainers[0].Resources.Requests)
	diff(t, limits, pod.Spec.Containers[0].Resources.Requests)
	diff(t, corev1.ResourceList{
		corev1.ResourceCPU:    resource.MustParse("100m"),
		corev1.ResourceMemory: resource.MustParse("1Gi"),
	}, pod.Spec.Containers[1].Resources.Requests)
	diff(t, corev1.ResourceRequirements{}, pod.Spec.Containers[2].Resources)
	if pod.Spec.Resources != nil {
		t.Errorf("pod-level resources were created: %v", pod.Spec.Resources)
	}
}

func TestPodTemplateHasNoPodOnlyDefaults(t *testing.T) {
	tmpl := defaulted(t, &corev1.PodTemplate{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
		HostNetwork: true,
		Containers: []corev1.Container{{
			Name:      "c",
			Image:     "c",
			Ports:     []corev1.ContainerPort{{ContainerPort: 8080}},
			Resources: corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("1")}},
		}},
	}}})
	spec := tmpl.Template.Spec
	diff(t, corev1.ResourceList(nil), spec.Containers[0].Resources.Requests)
	diff(t, int32(0), spec.Containers[0].Ports[0].HostPort)
	diff(t, (*bool)(nil), spec.EnableServiceLinks)
	// PodSpec-level defaults still apply to templates.
	diff(t, corev1.RestartPolicyAlways, spec.RestartPolicy)
	diff(t, corev1.ProtocolTCP, spec.Containers[0].Ports[0].Protocol)
}

func TestResourceListRoundsUpToMilli(t *testing.T) {
	pod := defaulted(t, podWith(corev1.PodSpec{Containers: []corev1.Container{{
		Name:  "c",
		Image: "c",
		Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{
			corev1.ResourceCPU:     resource.MustParse("3.000023m"),
			corev1.ResourceMemory:  resource.MustParse("500.000050m"),
			corev1.ResourceStorage: resource.MustParse("1G"),
		}},
	}}}))
	got := map[corev1.ResourceName]string{}
	for name, q := range pod.Spec.Containers[0].Resources.Requests {
		got[name] = q.String()
	}
	diff(t, map[corev1.ResourceName]string{
		corev1.ResourceCPU:     "4m",
		corev1.ResourceMemory:  "501m",
		corev1.ResourceStorage: "1G",
	}, got)
}

func TestPodLevelResourceDefaults(t *testing.T) {
	q := resource.MustParse
	cases := []struct {
		name       string
		podLevel   *corev1.ResourceRequirements
		containers []corev1.ResourceRequirements
		want       *corev1.ResourceRequirements
	}{
		{
			name:       "no pod-level resources",
			containers: []corev1.ResourceRequirements{{Requests: corev1.ResourceList{corev1.ResourceCPU: q("1")}}},
			want:       nil,
		},
		{
			name:       "requests from pod limits when containers request nothing",
			podLevel:   &corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceCPU: q("2"), corev1.ResourceMemory: q("2Gi")}},
			containers: []corev1.ResourceRequirements{{}},
			want: &corev1.ResourceRequirements{
				Limits:   corev1.ResourceList{corev1.ResourceCPU: q("2"), corev1.ResourceMemory: q("2Gi")},
				Requests: corev1.ResourceList{corev1.ResourceCPU: q("2"), corev1.ResourceMemory: q("2Gi")},
			},
		},
		{
			name:     "requests from the containers' aggregate requests",
			podLevel: &corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceCPU: q("2"), corev1.ResourceMemory: q("2Gi")}},
			containers: []corev1.ResourceRequirements{
				{Requests: corev1.ResourceList{corev1.ResourceCPU: q("500m")}},
				{Requests: corev1.ResourceList{corev1.ResourceCPU: q("250m")}},
			},
			want: &corev1.ResourceRequirements{
				Limits:   corev1.ResourceList{corev1.ResourceCPU: q("2"), corev1.ResourceMemory: q("2Gi")},
				Requests: corev1.ResourceList{corev1.ResourceCPU: q("750m"), corev1.ResourceMemory: q("2Gi")},
			},
		},
		{
			name:       "explicit pod requests are kept",
			podLevel:   &corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceCPU: q("2")}, Requests: corev1.ResourceList{corev1.ResourceCPU: q("1")}},
			containers: []corev1.ResourceRequirements{{Requests: corev1.ResourceList{corev1.ResourceCPU: q("500m")}}},
			want:       &corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceCPU: q("2")}, Requests: corev1.ResourceList{corev1.ResourceCPU: q("1")}},
		},
		{
			name:       "pod requests alone are not turned into limits",
			podLevel:   &corev1.ResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceCPU: q("1")}},
			containers: []corev1.ResourceRequirements{{Requests: corev1.ResourceList{corev1.ResourceCPU: q("500m")}}},
			want:       &corev1.ResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceCPU: q("1")}},
		},
		{
			name:     "hugepages limit from containers, request from that limit",
			podLevel: &corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceMemory: q("1Gi")}},
			containers: []corev1.ResourceRequirements{{Limits: corev1.ResourceList{
				corev1.ResourceMemory:   q("100Mi"),
				"hugepages-2Mi":         q("4Mi"),
				corev1.ResourceStorage:  q("1Gi"),
				"example.com/resources": q("1"),
			}}},
			want: &corev1.ResourceRequirements{
				Limits:   corev1.ResourceList{corev1.ResourceMemory: q("1Gi"), "hugepages-2Mi": q("4Mi")},
				Requests: corev1.ResourceList{corev1.ResourceMemory: q("100Mi"), "hugepages-2Mi": q("4Mi")},
			},
		},
		{
			name:     "no hugepages limit when the pod requests that size",
			podLevel: &corev1.ResourceRequirements{Requests: corev1.ResourceList{"hugepages-2Mi": q("2Mi")}},
			containers: []corev1.ResourceRequirements{{Limits: corev1.ResourceList{
				"hugepages-2Mi": q("4Mi"),
			}}},
			want: &corev1.ResourceRequirements{Requests: corev1.ResourceList{"hugepages-2Mi": q("2Mi")}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			spec := corev1.PodSpec{Resources: tc.podLevel}
			for i, r := range tc.containers {
				spec.Containers = append(spec.Containers, corev1.Container{Name: string(rune('a' + i)), Image: "x", Resources: r})
			}
			pod := defaulted(t, podWith(spec))
			diff(t, tc.want, pod.Spec.Resources)
		})
	}
}

func TestHostNetworkPorts(t *testing.T) {
	pod := defaulted(t, podWith(corev1.PodSpec{
		HostNetwork:    true,
		InitContainers: []corev1.Container{{Name: "i", Image: "i", Ports: []corev1.ContainerPort{{ContainerPort: 9000}}}},
		Containers: []corev1.Container{{Name: "c", Image: "c", Ports: []corev1.ContainerPort{
			{ContainerPort: 8080},
			{ContainerPort: 8443, HostPort: 443},
		}}},
	}))
	diff(t, int32(9000), pod.Spec.InitContainers[0].Ports[0].HostPort)
	diff(t, int32(8080), pod.Spec.Containers[0].Ports[0].HostPort)
	diff(t, int32(443), pod.Spec.Containers[0].Ports[1].HostPort)

	plain := defaulted(t, podWith(corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "c", Ports: []corev1.ContainerPort{{ContainerPort: 8080}}}}}))
	diff(t, int32(0), plain.Spec.Containers[0].Ports[0].HostPort)
}

func TestServiceAccountAlias(t *testing.T) {
	cases := []struct {
		name, serviceAccountName, serviceAccount string
		want                                     string
	}{
		{name: "neither"},
		{name: "new field only", serviceAccountName: "sa", want: "sa"},
		{name: "deprecated field only", serviceAccount: "sa", want: "sa"},
		{name: "both agree", serviceAccountName: "sa", serviceAccount: "sa", want: "sa"},
		{name: "new field wins", serviceAccountName: "sa", serviceAccount: "other", want: "sa"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			spec := corev1.PodSpec{ServiceAccountName: tc.serviceAccountName, DeprecatedServiceAccount: tc.serviceAccount}
			pod := defaulted(t, podWith(*spec.DeepCopy()))
			rc := defaulted(t, &corev1.ReplicationController{Spec: corev1.ReplicationControllerSpec{Template: &corev1.PodTemplateSpec{Spec: *spec.DeepCopy()}}})
			for _, got := range []corev1.PodSpec{pod.Spec, rc.Spec.Template.Spec} {
				diff(t, [2]string{tc.want, tc.want}, [2]string{got.ServiceAccountName, got.DeprecatedServiceAccount})
			}
		})
	}
}

func TestPodIPs(t *testing.T) {
	cases := []struct {
		name       string
		podIP      string
		podIPs     []corev1.PodIP
		wantPodIP  string
		wantPodIPs []corev1.PodIP
	}{
		{name: "none"},
		{name: "podIP only", podIP: "10.0.0.1", wantPodIP: "10.0.0.1", wantPodIPs: []corev1.PodIP{{IP: "10.0.0.1"}}},
		{
			name:       "podIPs only",
			podIPs:     []corev1.PodIP{{IP: "10.0.0.1"}, {IP: "fd00::1"}},
			wantPodIP:  "10.0.0.1",
			wantPodIPs: []corev1.PodIP{{IP: "10.0.0.1"}, {IP: "fd00::1"}},
		},
		{
			name:       "matching",
			podIP:      "fd00::1",
			podIPs:     []corev1.PodIP{{IP: "fd00::1"}, {IP: "10.0.0.1"}},
			wantPodIP:  "fd00::1",
			wantPodIPs: []corev1.PodIP{{IP: "fd00::1"}, {IP: "10.0.0.1"}},
		},
		{
			// The older field wins so that patches from old clients take effect.
			name:       "mismatched",
			podIP:      "10.0.0.9",
			podIPs:     []corev1.PodIP{{IP: "10.0.0.1"}, {IP: "fd00::1"}},
			wantPodIP:  "10.0.0.9",
			wantPodIPs: []corev1.PodIP{{IP: "10.0.0.9"}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pod := defaulted(t, &corev1.Pod{Status: corev1.PodStatus{PodIP: tc.podIP, PodIPs: tc.podIPs}})
			diff(t, tc.wantPodIP, pod.Status.PodIP)
			diff(t, tc.wantPodIPs, pod.Status.PodIPs)
		})
	}
}

func TestHostIPsAreNotReconciled(t *testing.T) {
	status := corev1.PodStatus{HostIP: "10.1.1.1", HostIPs: []corev1.HostIP{{IP: "10.1.1.2"}}}
	pod := defaulted(t, &corev1.Pod{Status: *status.DeepCopy()})
	diff(t, status.HostIP, pod.Status.HostIP)
	diff(t, status.HostIPs, pod.Status.HostIPs)

	only := defaulted(t, &corev1.Pod{Status: corev1.PodStatus{HostIPs: []corev1.HostIP{{IP: "10.1.1.2"}}}})
	diff(t, "", only.Status.HostIP)
}

func TestInitContainerAnnotationsDropped(t *testing.T) {
	annotations := func() map[string]string {
		return map[string]string{
			"pod.alpha.kubernetes.io/init-containers":         "[]",
			"pod.beta.kubernetes.io/init-containers":          "[]",
			"pod.alpha.kubernetes.io/init-container-statuses": "[]",
			"pod.beta.kubernetes.io/init-container-statuses":  "[]",
			"keep": "me",
		}
	}
	want := map[string]string{"keep": "me"}

	pod := defaulted(t, &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Annotations: annotations()}})
	diff(t, want, pod.Annotations)

	tmpl := defaulted(t, &corev1.PodTemplate{Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Annotations: annotations()}}})
	diff(t, want, tmpl.Template.Annotations)

	rc := defaulted(t, &corev1.ReplicationController{Spec: corev1.ReplicationControllerSpec{Template: &corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Annotations: annotations()}}}})
	diff(t, want, rc.Spec.Template.Annotations)

	// Only pods and pod templates carry them; other objects keep theirs.
	cm := defaulted(t, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Annotations: annotations()}})
	diff(t, annotations(), cm.Annotations)
}

func TestVolumeDefaults(t *testing.T) {
	pod := defaulted(t, podWith(corev1.PodSpec{Volumes: []corev1.Volume{
		{Name: "empty"},
		{Name: "secret", VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "s"}}},
		{Name: "cm", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "c"}}}},
		{Name: "cm-mode", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{DefaultMode: ptr.To[int32](0o400)}}},
		{Name: "downward", VolumeSource: corev1.VolumeSource{DownwardAPI: &corev1.DownwardAPIVolumeSource{Items: []corev1.DownwardAPIVolumeFile{
			{Path: "name", FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.name"}},
		}}}},
		{Name: "projected", VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{Sources: []corev1.VolumeProjection{
			{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Path: "token"}},
			{DownwardAPI: &corev1.DownwardAPIProjection{Items: []corev1.DownwardAPIVolumeFile{{Path: "ns", FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.namespace"}}}}},
		}}}},
		{Name: "hostpath", VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/data"}}},
		{Name: "image", VolumeSource: corev1.VolumeSource{Image: &corev1.ImageVolumeSource{Reference: "registry.k8s.io/artifact:v1"}}},
		{Name: "ephemeral", VolumeSource: corev1.VolumeSource{Ephemeral: &corev1.EphemeralVolumeSource{VolumeClaimTemplate: &corev1.PersistentVolumeClaimTemplate{}}}},
		{Name: "rbd", VolumeSource: corev1.VolumeSource{RBD: &corev1.RBDVolumeSource{CephMonitors: []string{"m"}, RBDImage: "i"}}},
		{Name: "iscsi", VolumeSource: corev1.VolumeSource{ISCSI: &corev1.ISCSIVolumeSource{TargetPortal: "p", IQN: "q"}}},
		{Name: "azure", VolumeSource: corev1.VolumeSource{AzureDisk: &corev1.AzureDiskVolumeSource{DiskName: "d", DataDiskURI: "u"}}},
		{Name: "scaleio", VolumeSource: corev1.VolumeSource{ScaleIO: &corev1.ScaleIOVolumeSource{Gateway: "g", System: "s"}}},
	}}))
	want := []corev1.Volume{
		{Name: "empty", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}},
		{Name: "secret", VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "s", DefaultMode: ptr.To[int32](0o644)}}},
		{Name: "cm", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "c"}, DefaultMode: ptr.To[int32](0o644)}}},
		{Name: "cm-mode", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{DefaultMode: ptr.To[int32](0o400)}}},
		{Name: "downward", VolumeSource: corev1.VolumeSource{DownwardAPI: &corev1.DownwardAPIVolumeSource{
			Items:       []corev1.DownwardAPIVolumeFile{{Path: "name", FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.name"}}},
			DefaultMode: ptr.To[int32](0o644),
		}}},
		{Name: "projected", VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{
			Sources: []corev1.VolumeProjection{
				{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Path: "token", ExpirationSeconds: ptr.To[int64](3600)}},
				{DownwardAPI: &corev1.DownwardAPIProjection{Items: []corev1.DownwardAPIVolumeFile{{Path: "ns", FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.namespace"}}}}},
			},
			DefaultMode: ptr.To[int32](0o644),
		}}},
		{Name: "hostpath", VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/data", Type: ptr.To(corev1.HostPathUnset)}}},
		{Name: "image", VolumeSource: corev1.VolumeSource{Image: &corev1.ImageVolumeSource{Reference: "registry.k8s.io/artifact:v1", PullPolicy: corev1.PullIfNotPresent}}},
		{Name: "ephemeral", VolumeSource: corev1.VolumeSource{Ephemeral: &corev1.EphemeralVolumeSource{VolumeClaimTemplate: &corev1.PersistentVolumeClaimTemplate{
			Spec: corev1.PersistentVolumeClaimSpec{VolumeMode: ptr.To(corev1.PersistentVolumeFilesystem)},
		}}}},
		{Name: "rbd", VolumeSource: corev1.VolumeSource{RBD: &corev1.RBDVolumeSource{
			CephMonitors: []string{"m"}, RBDImage: "i", RBDPool: "rbd", RadosUser: "admin", Keyring: "/etc/ceph/keyring",
		}}},
		{Name: "iscsi", VolumeSource: corev1.VolumeSource{ISCSI: &corev1.ISCSIVolumeSource{TargetPortal: "p", IQN: "q", ISCSIInterface: "default"}}},
		{Name: "azure", VolumeSource: corev1.VolumeSource{AzureDisk: &corev1.AzureDiskVolumeSource{
			DiskName:    "d",
			DataDiskURI: "u",
			CachingMode: ptr.To(corev1.AzureDataDiskCachingReadWrite),
			FSType:      ptr.To("ext4"),
			ReadOnly:    ptr.To(false),
			Kind:        ptr.To(corev1.AzureSharedBlobDisk),
		}}},
		{Name: "scaleio", VolumeSource: corev1.VolumeSource{ScaleIO: &corev1.ScaleIOVolumeSource{
			Gateway: "g", System: "s", StorageMode: "ThinProvisioned", FSType: "xfs",
		}}},
	}
	diff(t, want, pod.Spec.Volumes)
}

func TestReplicationControllerDefaults(t *testing.T) {
	labels := map[string]string{"app": "web"}
	cases := []struct {
		name         string
		rc           *corev1.ReplicationController
		wantReplicas *int32
		wantSelector map[string]string
		wantLabels   map[string]string
	}{
		{
			name: "selector and labels from the template",
			rc: &corev1.ReplicationController{Spec: corev1.ReplicationControllerSpec{
				Template: &corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}},
			}},
			wantReplicas: ptr.To[int32](1),
			wantSelector: labels,
			wantLabels:   labels,
		},
		{
			name: "set values are kept",
			rc: &corev1.ReplicationController{
				ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"tier": "front"}},
				Spec: corev1.ReplicationControllerSpec{
					Replicas: ptr.To[int32](0),
					Selector: map[string]string{"app": "web", "v": "1"},
					Template: &corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}},
				},
			},
			wantReplicas: ptr.To[int32](0),
			wantSelector: map[string]string{"app": "web", "v": "1"},
			wantLabels:   map[string]string{"tier": "front"},
		},
		{
			name:         "no template",
			rc:           &corev1.ReplicationController{},
			wantReplicas: ptr.To[int32](1),
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rc := defaulted(t, tc.rc)
			diff(t, tc.wantReplicas, rc.Spec.Replicas)
			diff(t, tc.wantSelector, rc.Spec.Selector)
			diff(t, tc.wantLabels, rc.Labels)
		})
	}

	rc := defaulted(t, &corev1.ReplicationController{Spec: corev1.ReplicationControllerSpec{Template: &corev1.PodTemplateSpec{
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "nginx"}}},
	}}})
	diff(t, corev1.DNSClusterFirst, rc.Spec.Template.Spec.DNSPolicy)
	diff(t, corev1.PullAlways, rc.Spec.Template.Spec.Containers[0].ImagePullPolicy)
}

func TestServiceDefaults(t *testing.T) {
	cluster := corev1.ServiceInternalTrafficPolicyCluster
	cases := []struct {
		name string
		in   corev1.Service
		want corev1.Service
	}{
		{
			name: "minimal ClusterIP",
			in:   corev1.Service{Spec: corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: 80}}}},
			want: corev1.Service{Spec: corev1.ServiceSpec{
				Ports:                 []corev1.ServicePort{{Port: 80, Protocol: corev1.ProtocolTCP, TargetPort: intstr.FromInt32(80)}},
				Type:                  corev1.ServiceTypeClusterIP,
				SessionAffinity:       corev1.ServiceAffinityNone,
				InternalTrafficPolicy: &cluster,
			}},
		},
		{
			name: "named targetPort and UDP are kept",
			in: corev1.Service{Spec: corev1.ServiceSpec{Ports: []corev1.ServicePort{
				{Port: 80, TargetPort: intstr.FromString("http")},
				{Port: 53, Protocol: corev1.ProtocolUDP, TargetPort: intstr.FromInt32(5353)},
			}}},
			want: corev1.Service{Spec: corev1.ServiceSpec{
				Ports: []corev1.ServicePort{
					{Port: 80, Protocol: corev1.ProtocolTCP, TargetPort: intstr.FromString("http")},
					{Port: 53, Protocol: corev1.ProtocolUDP, TargetPort: intstr.FromInt32(5353)},
				},
				Type:                  corev1.ServiceTypeClusterIP,
				SessionAffinity:       corev1.ServiceAffinityNone,
				InternalTrafficPolicy: &cluster,
			}},
		},
		{
			name: "ClusterIP with external IPs is externally accessible",
			in:   corev1.Service{Spec: corev1.ServiceSpec{ExternalIPs: []string{"1.2.3.4"}}},
			want: corev1.Service{Spec: corev1.ServiceSpec{
				ExternalIPs:           []string{"1.2.3.4"},
				Type:                  corev1.ServiceTypeClusterIP,
				SessionAffinity:       corev1.ServiceAffinityNone,
				ExternalTrafficPolicy: corev1.ServiceExternalTrafficPolicyCluster,
				InternalTrafficPolicy: &cluster,
			}},
		},
		{
			name: "NodePort",
			in:   corev1.Service{Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeNodePort}},
			want: corev1.Service{Spec: corev1.ServiceSpec{
				Type:                  corev1.ServiceTypeNodePort,
				SessionAffinity:       corev1.ServiceAffinityNone,
				ExternalTrafficPolicy: corev1.ServiceExternalTrafficPolicyCluster,
				InternalTrafficPolicy: &cluster,
			}},
		},
		{
			name: "LoadBalancer",
			in: corev1.Service{
				Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer, ExternalTrafficPolicy: corev1.ServiceExternalTrafficPolicyLocal},
				Status: corev1.ServiceStatus{LoadBalancer: corev1.LoadBalancerStatus{Ingress: []corev1.LoadBalancerIngress{
					{IP: "1.2.3.4"},
					{Hostname: "lb.example.com"},
					{IP: "5.6.7.8", IPMode: ptr.To(corev1.LoadBalancerIPModeProxy)},
				}}},
			},
			want: corev1.Service{
				Spec: corev1.ServiceSpec{
					Type:                          corev1.ServiceTypeLoadBalancer,
					SessionAffinity:               corev1.ServiceAffinityNone,
					ExternalTrafficPolicy:         corev1.ServiceExternalTrafficPolicyLocal,
					InternalTrafficPolicy:         &cluster,
					AllocateLoadBalancerNodePorts: ptr.To(true),
				},
				Status: corev1.ServiceStatus{LoadBalancer: corev1.LoadBalancerStatus{Ingress: []corev1.LoadBalancerIngress{
					{IP: "1.2.3.4", IPMode: ptr.To(corev1.LoadBalancerIPModeVIP)},
					{Hostname: "lb.example.com"},
					{IP: "5.6.7.8", IPMode: ptr.To(corev1.LoadBalancerIPModeProxy)},
				}}},
			},
		},
		{
			name: "ExternalName gets no traffic policies",
			in:   corev1.Service{Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "example.com"}},
			want: corev1.Service{Spec: corev1.ServiceSpec{
				Type:            corev1.ServiceTypeExternalName,
				ExternalName:    "example.com",
				SessionAffinity: corev1.ServiceAffinityNone,
			}},
		},
		{
			name: "ClientIP affinity gets a timeout",
			in:   corev1.Service{Spec: corev1.ServiceSpec{SessionAffinity: corev1.ServiceAffinityClientIP, SessionAffinityConfig: &corev1.SessionAffinityConfig{}}},
			want: corev1.Service{Spec: corev1.ServiceSpec{
				Type:                  corev1.ServiceTypeClusterIP,
				SessionAffinity:       corev1.ServiceAffinityClientIP,
				SessionAffinityConfig: &corev1.SessionAffinityConfig{ClientIP: &corev1.ClientIPConfig{TimeoutSeconds: ptr.To[int32](10800)}},
				InternalTrafficPolicy: &cluster,
			}},
		},
		{
			name: "ClientIP timeout is kept",
			in: corev1.Service{Spec: corev1.ServiceSpec{
				SessionAffinity:       corev1.ServiceAffinityClientIP,
				SessionAffinityConfig: &corev1.SessionAffinityConfig{ClientIP: &corev1.ClientIPConfig{TimeoutSeconds: ptr.To[int32](60)}},
			}},
			want: corev1.Service{Spec: corev1.ServiceSpec{
				Type:                  corev1.ServiceTypeClusterIP,
				SessionAffinity:       corev1.ServiceAffinityClientIP,
				SessionAffinityConfig: &corev1.SessionAffinityConfig{ClientIP: &corev1.ClientIPConfig{TimeoutSeconds: ptr.To[int32](60)}},
				InternalTrafficPolicy: &cluster,
			}},
		},
		{
			name: "no affinity drops the affinity config",
			in: corev1.Service{Spec: corev1.ServiceSpec{
				SessionAffinityConfig: &corev1.SessionAffinityConfig{ClientIP: &corev1.ClientIPConfig{TimeoutSeconds: ptr.To[int32](60)}},
			}},
			want: corev1.Service{Spec: corev1.ServiceSpec{
				Type:                  corev1.ServiceTypeClusterIP,
				SessionAffinity:       corev1.ServiceAffinityNone,
				InternalTrafficPolicy: &cluster,
			}},
		},
		{
			// The service registry, not defaulting, reconciles these.
			name: "clusterIP is not copied into clusterIPs",
			in:   corev1.Service{Spec: corev1.ServiceSpec{ClusterIP: "10.0.0.10"}},
			want: corev1.Service{Spec: corev1.ServiceSpec{
				ClusterIP:             "10.0.0.10",
				Type:                  corev1.ServiceTypeClusterIP,
				SessionAffinity:       corev1.ServiceAffinityNone,
				InternalTrafficPolicy: &cluster,
			}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			diff(t, &tc.want, defaulted(t, tc.in.DeepCopy()))
		})
	}
}

func TestNamespaceDefaults(t *testing.T) {
	ns := defaulted(t, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "team-a", Labels: map[string]string{
		"env":                         "prod",
		"kubernetes.io/metadata.name": "spoofed",
	}}})
	diff(t, map[string]string{"env": "prod", "kubernetes.io/metadata.name": "team-a"}, ns.Labels)
	diff(t, corev1.NamespaceActive, ns.Status.Phase)

	unnamed := defaulted(t, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: "team-"}})
	diff(t, map[string]string(nil), unnamed.Labels)

	terminating := defaulted(t, &corev1.Namespace{Status: corev1.NamespaceStatus{Phase: corev1.NamespaceTerminating}})
	diff(t, corev1.NamespaceTerminating, terminating.Status.Phase)
}

func TestNodeDefaults(t *testing.T) {
	capacity := corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("4"), corev1.ResourcePods: resource.MustParse("110")}
	node := defaulted(t, &corev1.Node{Status: corev1.NodeStatus{Capacity: capacity.DeepCopy()}})
	diff(t, capacity, node.Status.Allocatable)

	allocatable := corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("3500m")}
	set := defaulted(t, &corev1.Node{Status: corev1.NodeStatus{Capacity: capacity.DeepCopy(), Allocatable: allocatable.DeepCopy()}})
	diff(t, allocatable, set.Status.Allocatable)

	empty := defaulted(t, &corev1.Node{})
	diff(t, corev1.ResourceList(nil), empty.Status.Allocatable)
}

func TestNodePodCIDRs(t *testing.T) {
	cases := []struct {
		name         string
		podCIDR      string
		podCIDRs     []string
		wantPodCIDR  string
		wantPodCIDRs []string
	}{
		{name: "none"},
		{name: "podCIDR only", podCIDR: "10.0.1.0/24", wantPodCIDR: "10.0.1.0/24", wantPodCIDRs: []string{"10.0.1.0/24"}},
		{
			name:         "podCIDRs only",
			podCIDRs:     []string{"fd00:1::/64", "10.0.1.0/24"},
			wantPodCIDR:  "fd00:1::/64",
			wantPodCIDRs: []string{"fd00:1::/64", "10.0.1.0/24"},
		},
		{
			name:         "mismatched: podCIDR wins",
			podCIDR:      "10.0.0.0/24",
			podCIDRs:     []string{"10.0.1.0/24", "fd00:1::/64"},
			wantPodCIDR:  "10.0.0.0/24",
			wantPodCIDRs: []string{"10.0.0.0/24"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			node := defaulted(t, &corev1.Node{Spec: corev1.NodeSpec{PodCIDR: tc.podCIDR, PodCIDRs: tc.podCIDRs}})
			diff(t, tc.wantPodCIDR, node.Spec.PodCIDR)
			diff(t, tc.wantPodCIDRs, node.Spec.PodCIDRs)
		})
	}
}

func TestSecretDefaults(t *testing.T) {
	secret := defaulted(t, &corev1.Secret{
		Data:       map[string][]byte{"a": []byte("old"), "b": []byte("kept")},
		StringData: map[string]string{"a": "new", "c": "added"},
	})
	diff(t, corev1.SecretTypeOpaque, secret.Type)
	diff(t, map[string][]byte{"a": []byte("new"), "b": []byte("kept"), "c": []byte("added")}, secret.Data)
	diff(t, map[string]string(nil), secret.StringData)

	typed := defaulted(t, &corev1.Secret{Type: corev1.SecretTypeTLS, StringData: map[string]string{"tls.crt": "x"}})
	diff(t, corev1.SecretTypeTLS, typed.Type)
	diff(t, map[string][]byte{"tls.crt": []byte("x")}, typed.Data)

	empty := defaulted(t, &corev1.Secret{})
	diff(t, map[string][]byte(nil), empty.Data)
}

func TestConfigMapDefaults(t *testing.T) {
	cm := defaulted(t, &corev1.ConfigMap{})
	diff(t, map[string]string{}, cm.Data)
	if cm.Data == nil {
		t.Error("data is nil")
	}
}

func TestPersistentVolumeDefaults(t *testing.T) {
	pv := defaulted(t, &corev1.PersistentVolume{Spec: corev1.PersistentVolumeSpec{
		Capacity:               corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")},
		PersistentVolumeSource: corev1.PersistentVolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/mnt"}},
	}})
	diff(t, corev1.VolumePending, pv.Status.Phase)
	diff(t, corev1.PersistentVolumeReclaimRetain, pv.Spec.PersistentVolumeReclaimPolicy)
	diff(t, ptr.To(corev1.PersistentVolumeFilesystem), pv.Spec.VolumeMode)
	diff(t, ptr.To(corev1.HostPathUnset), pv.Spec.HostPath.Type)

	block := defaulted(t, &corev1.PersistentVolume{Spec: corev1.PersistentVolumeSpec{
		VolumeMode:                    ptr.To(corev1.PersistentVolumeBlock),
		PersistentVolumeReclaimPolicy: corev1.PersistentVolumeReclaimDelete,
	}})
	diff(t, ptr.To(corev1.PersistentVolumeBlock), block.Spec.VolumeMode)
	diff(t, corev1.PersistentVolumeReclaimDelete, block.Spec.PersistentVolumeReclaimPolicy)

	pvc := defaulted(t, &corev1.PersistentVolumeClaim{})
	diff(t, corev1.ClaimPending, pvc.Status.Phase)
	diff(t, ptr.To(corev1.PersistentVolumeFilesystem), pvc.Spec.VolumeMode)
}

func TestEndpointsDefaults(t *testing.T) {
	ep := defaulted(t, &corev1.Endpoints{Subsets: []corev1.EndpointSubset{{Ports: []corev1.EndpointPort{
		{Port: 80},
		{Port: 53, Protocol: corev1.ProtocolUDP},
	}}}})
	diff(t, []corev1.EndpointPort{{Port: 80, Protocol: corev1.ProtocolTCP}, {Port: 53, Protocol: corev1.ProtocolUDP}}, ep.Subsets[0].Ports)
}

func TestLimitRangeDefaults(t *testing.T) {
	q := resource.MustParse
	lr := defaulted(t, &corev1.LimitRange{Spec: corev1.LimitRangeSpec{Limits: []corev1.LimitRangeItem{
		{
			Type:    corev1.LimitTypeContainer,
			Max:     corev1.ResourceList{corev1.ResourceCPU: q("2"), corev1.ResourceMemory: q("1Gi")},
			Min:     corev1.ResourceList{corev1.ResourceCPU: q("100m"), corev1.ResourceEphemeralStorage: q("1Gi")},
			Default: corev1.ResourceList{corev1.ResourceCPU: q("500m")},
		},
		{
			Type: corev1.LimitTypePod,
			Max:  corev1.ResourceList{corev1.ResourceCPU: q("4")},
		},
	}}})
	container := lr.Spec.Limits[0]
	diff(t, corev1.ResourceList{corev1.ResourceCPU: q("500m"), corev1.ResourceMemory: q("1Gi")}, container.Default)
	diff(t, corev1.ResourceList{
		corev1.ResourceCPU:              q("500m"),
		corev1.ResourceMemory:           q("1Gi"),
		corev1.ResourceEphemeralStorage: q("1Gi"),
	}, container.DefaultRequest)
	pod := lr.Spec.Limits[1]
	diff(t, corev1.ResourceList(nil), pod.Default)
	diff(t, corev1.ResourceList(nil), pod.DefaultRequest)
}

func TestListsAreDefaultedPerItem(t *testing.T) {
	list := defaulted(t, &corev1.PodList{Items: []corev1.Pod{
		{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "a", Image: "a"}}}},
		{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "b", Image: "b:1"}}}},
	}})
	diff(t, corev1.PullAlways, list.Items[0].Spec.Containers[0].ImagePullPolicy)
	diff(t, corev1.PullIfNotPresent, list.Items[1].Spec.Containers[0].ImagePullPolicy)

	services := defaulted(t, &corev1.ServiceList{Items: []corev1.Service{{}}})
	diff(t, corev1.ServiceTypeClusterIP, services.Items[0].Spec.Type)
}

func TestResourceQuotaRounding(t *testing.T) {
	quota := defaulted(t, &corev1.ResourceQuota{
		Spec:   corev1.ResourceQuotaSpec{Hard: corev1.ResourceList{corev1.ResourceRequestsCPU: resource.MustParse("1.0001m")}},
		Status: corev1.ResourceQuotaStatus{Used: corev1.ResourceList{corev1.ResourceRequestsCPU: resource.MustParse("0.5m")}},
	})
	hard := quota.Spec.Hard[corev1.ResourceRequestsCPU]
	used := quota.Status.Used[corev1.ResourceRequestsCPU]
	diff(t, [2]string{"2m", "1m"}, [2]string{hard.String(), used.String()})
}
