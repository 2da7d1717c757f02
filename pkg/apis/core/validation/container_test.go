package validation

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/intstr"
)

func TestContainerValidation(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*corev1.Pod)
		want   []string
	}{
		{
			name:   "container name must be a DNS label",
			mutate: func(p *corev1.Pod) { p.Spec.Containers[0].Name = "App_1" },
			want:   []string{`spec.containers[0].name: Invalid value: "App_1": ` + dnsLabelMsg},
		},
		{
			name:   "container name required",
			mutate: func(p *corev1.Pod) { p.Spec.Containers[0].Name = "" },
			want:   []string{"spec.containers[0].name: Required value"},
		},
		{
			name:   "duplicate container names",
			mutate: func(p *corev1.Pod) { p.Spec.Containers = append(p.Spec.Containers, validContainer("app")) },
			want:   []string{`spec.containers[1].name: Duplicate value: "app"`},
		},
		{
			name:   "init container names must differ from containers",
			mutate: func(p *corev1.Pod) { p.Spec.InitContainers = []corev1.Container{validContainer("app")} },
			want:   []string{`spec.initContainers[0].name: Duplicate value: "app"`},
		},
		{
			name:   "image required",
			mutate: func(p *corev1.Pod) { p.Spec.Containers[0].Image = "" },
			want:   []string{"spec.containers[0].image: Required value"},
		},
		{
			name:   "imagePullPolicy enum",
			mutate: func(p *corev1.Pod) { p.Spec.Containers[0].ImagePullPolicy = "Sometimes" },
			want:   []string{`spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"`},
		},
		{
			name:   "terminationMessagePolicy enum",
			mutate: func(p *corev1.Pod) { p.Spec.Containers[0].TerminationMessagePolicy = "Log" },
			want:   []string{`spec.containers[0].terminationMessagePolicy: Unsupported value: "Log": supported values: "File", "FallbackToLogsOnError"`},
		},
		{
			name: "container ports",
			mutate: func(p *corev1.Pod) {
				p.Spec.Containers[0].Ports = []corev1.ContainerPort{
					{Name: "http", ContainerPort: 70000, Protocol: corev1.ProtocolTCP},
					{Name: "http", ContainerPort: 81, Protocol: "HTTP"},
					{Name: "web_2", Protocol: corev1.ProtocolTCP},
					{ContainerPort: 82, HostPort: -1, Protocol: corev1.ProtocolUDP},
				}
			},
			want: []string{
				"spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
				`spec.containers[0].ports[1].name: Duplicate value: "http"`,
				`spec.containers[0].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"`,
				`spec.containers[0].ports[2].name: Invalid value: "web_2": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`,
				"spec.containers[0].ports[2].containerPort: Required value",
				"spec.containers[0].ports[3].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive",
			},
		},
		{
			name: "host ports may not collide",
			mutate: func(p *corev1.Pod) {
				second := validContainer("b")
				second.Ports = []corev1.ContainerPort{{ContainerPort: 81, HostPort: 8080, Protocol: corev1.ProtocolTCP}}
				p.Spec.Containers[0].Ports = []corev1.ContainerPort{{ContainerPort: 80, HostPort: 8080, Protocol: corev1.ProtocolTCP}}
				p.Spec.Containers = append(p.Spec.Containers, second)
			},
			want: []string{`spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"`},
		},
		{
			name: "env names and sources",
			mutate: func(p *corev1.Pod) {
				p.Spec.Containers[0].Env = []corev1.EnvVar{
					{Name: "MY.VAR-1", Value: "ok"},
					{Name: "A=B"},
					{Name: ""},
					{Name: "X", Value: "v", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.name"}}},
					{Name: "Y", ValueFrom: &corev1.EnvVarSource{}},
					{Name: "Z", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.labels"}}},
					{Name: "W", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "spec.foo"}}},
					{Name: "V", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "s"}}}},
				}
			},
			want: []string{
				`spec.containers[0].env[1].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
				"spec.containers[0].env[2].name: Required value",
				"spec.containers[0].env[3].valueFrom: Invalid value: \"\": may not be specified when `value` is not empty",
				"spec.containers[0].env[4].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
				`spec.containers[0].env[5].valueFrom.fieldRef.fieldPath: Unsupported value: "metadata.labels": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"`,
				`spec.containers[0].env[6].valueFrom.fieldRef.fieldPath: Invalid value: "spec.foo": error converting fieldPath: field label not supported: spec.foo`,
				"spec.containers[0].env[7].valueFrom.secretKeyRef.key: Required value",
			},
		},
		{
			name: "envFrom needs a source, reported on the list",
			mutate: func(p *corev1.Pod) {
				p.Spec.Containers[0].EnvFrom = []corev1.EnvFromSource{{Prefix: "P_"}}
			},
			want: []string{"spec.containers[0].envFrom: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`"},
		},
		{
			name: "probe handlers",
			mutate: func(p *corev1.Pod) {
				c := &p.Spec.Containers[0]
				c.LivenessProbe = &corev1.Probe{
					ProbeHandler:     corev1.ProbeHandler{Exec: &corev1.ExecAction{Command: []string{"true"}}, TCPSocket: &corev1.TCPSocketAction{Port: intstr.FromInt32(80)}},
					SuccessThreshold: 2,
				}
				c.ReadinessProbe = &corev1.Probe{SuccessThreshold: 1, PeriodSeconds: -1}
				c.StartupProbe = &corev1.Probe{
					ProbeHandler:     corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/", Port: intstr.FromString("web_port"), Scheme: "FTP"}},
					SuccessThreshold: 1,
				}
			},
			want: []string{
				"spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type",
				"spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
				"spec.containers[0].readinessProbe: Required value: must specify a handler type",
				"spec.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
				`spec.containers[0].startupProbe.httpGet.port: Invalid value: "web_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`,
				`spec.containers[0].startupProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS"`,
			},
		},
		{
			name: "sleep hook must fit the grace period",
			mutate: func(p *corev1.Pod) {
				p.Spec.Containers[0].Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: 60}}}
			},
			want: []string{"spec.containers[0].lifecycle.preStop.sleep: Invalid value: 60: must be non-negative and less than terminationGracePeriodSeconds (30)"},
		},
		{
			name: "init container restartPolicy and probes",
			mutate: func(p *corev1.Pod) {
				initCtr := validContainer("init")
				initCtr.RestartPolicy = ptr(corev1.ContainerRestartPolicy("OnFailure"))
				initCtr.ReadinessProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{Exec: &corev1.ExecAction{Command: []string{"true"}}}, SuccessThreshold: 1}
				p.Spec.InitContainers = []corev1.Container{initCtr}
				p.Spec.Containers[0].RestartPolicy = ptr(corev1.ContainerRestartPolicyAlways)
			},
			want: []string{
				`spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"`,
				"spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
				"spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers",
			},
		},
		{
			name: "sidecars may have probes",
			mutate: func(p *corev1.Pod) {
				initCtr := validContainer("proxy")
				initCtr.RestartPolicy = ptr(corev1.ContainerRestartPolicyAlways)
				initCtr.ReadinessProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{Exec: &corev1.ExecAction{Command: []string{"true"}}}, SuccessThreshold: 1}
				p.Spec.InitContainers = []corev1.Container{initCtr}
			},
		},
		{
			name: "resize policy",
			mutate: func(p *corev1.Pod) {
				p.Spec.RestartPolicy = corev1.RestartPolicyNever
				p.Spec.Containers[0].ResizePolicy = []corev1.ContainerResizePolicy{{ResourceName: corev1.ResourceCPU, RestartPolicy: corev1.RestartContainer}}
			},
			want: []string{`spec.containers[0].resizePolicy: Invalid value: "RestartContainer": must be 'NotRequired' when ` + "`restartPolicy`" + ` is 'Never'`},
		},
		{
			name: "security context",
			mutate: func(p *corev1.Pod) {
				p.Spec.Containers[0].SecurityContext = &corev1.SecurityContext{
					RunAsUser:                ptr(int64(-1)),
					ProcMount:                ptr(corev1.UnmaskedProcMount),
					AllowPrivilegeEscalation: ptr(false),
					Privileged:               ptr(true),
				}
			},
			want: []string{
				"spec.containers[0].securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive",
				`spec.containers[0].securityContext.procMount: Invalid value: "Unmasked": ` + "`hostUsers` must be false to use `Unmasked`",
				`spec.containers[0].securityContext: Invalid value: {"Capabilities":null,"Privileged":true,"SELinuxOptions":null,"WindowsOptions":null,"RunAsUser":-1,"RunAsGroup":null,"RunAsNonRoot":null,"ReadOnlyRootFilesystem":null,"AllowPrivilegeEscalation":false,"ProcMount":"Unmasked","SeccompProfile":null,"AppArmorProfile":null}: cannot set ` + "`allowPrivilegeEscalation` to false and `privileged` to true",
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pod := validPod()
			tc.mutate(pod)
			expectErrors(t, ValidatePodCreate(pod), tc.want...)
		})
	}
}

func TestEphemeralContainersOnUpdate(t *testing.T) {
	oldPod := validPod()
	oldPod.Spec.EphemeralContainers = []corev1.EphemeralContainer{{
		EphemeralContainerCommon: corev1.EphemeralContainerCommon(validContainer("debug")),
		TargetContainerName:      "missing",
	}}
	oldPod.Spec.EphemeralContainers[0].Ports = []corev1.ContainerPort{{ContainerPort: 80, Protocol: corev1.ProtocolTCP}}
	oldPod.Spec.EphemeralContainers[0].TTY = true
	newPod := oldPod.DeepCopy()
	expectErrors(t, ValidatePodUpdate(newPod, oldPod),
		`spec.ephemeralContainers[0].targetContainerName: Not found: "missing"`,
		"spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container",
	)
}

func TestDownwardAPIAndEnvSourceNames(t *testing.T) {
	pod := validPod()
	pod.Spec.Containers[0].Env = []corev1.EnvVar{
		{Name: "LBL", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.labels['bad key']"}}},
		{Name: "OLD", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v2", FieldPath: "metadata.name"}}},
		{Name: "CPU", ValueFrom: &corev1.EnvVarSource{ResourceFieldRef: &corev1.ResourceFieldSelector{Resource: "limits.cpu", Divisor: resource.MustParse("10m")}}},
		{Name: "GPU", ValueFrom: &corev1.EnvVarSource{ResourceFieldRef: &corev1.ResourceFieldSelector{Resource: "limits.gpu"}}},
	}
	pod.Spec.Containers[0].EnvFrom = []corev1.EnvFromSource{
		{ConfigMapRef: &corev1.ConfigMapEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "cfg-"}}},
		{SecretRef: &corev1.SecretEnvSource{}},
	}
	expectErrors(t, ValidatePodCreate(pod),
		`spec.containers[0].env[0].valueFrom.fieldRef: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
		`spec.containers[0].env[1].valueFrom.fieldRef.fieldPath: Invalid value: "metadata.name": error converting fieldPath: unsupported pod version: v2`,
		`spec.containers[0].env[2].valueFrom.resourceFieldRef.divisor: Invalid value: "limits.cpu": only divisor's values 1m and 1 are supported with the cpu resource`,
		`spec.containers[0].env[3].valueFrom.resourceFieldRef.resource: Unsupported value: "limits.gpu": supported values: "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"`,
		"spec.containers[0].envFrom[1].secretRef.name: Required value",
	)
}
