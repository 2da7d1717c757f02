package validation

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// validService is a ClusterIP service after defaulting and IP allocation.
func validService() *corev1.Service {
	return &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "default", ResourceVersion: "1"},
		Spec: corev1.ServiceSpec{
			Type:                  corev1.ServiceTypeClusterIP,
			Selector:              map[string]string{"app": "web"},
			Ports:                 []corev1.ServicePort{{Port: 80, Protocol: corev1.ProtocolTCP, TargetPort: intstr.FromInt32(8080)}},
			ClusterIP:             "10.96.0.10",
			ClusterIPs:            []string{"10.96.0.10"},
			IPFamilies:            []corev1.IPFamily{corev1.IPv4Protocol},
			IPFamilyPolicy:        ptr(corev1.IPFamilyPolicySingleStack),
			SessionAffinity:       corev1.ServiceAffinityNone,
			InternalTrafficPolicy: ptr(corev1.ServiceInternalTrafficPolicyCluster),
		},
	}
}

func TestValidateService(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*corev1.Service)
		want   []string
	}{
		{name: "valid", mutate: func(*corev1.Service) {}},
		{
			name:   "name is a DNS-1035 label",
			mutate: func(s *corev1.Service) { s.Name = "1web" },
			want:   []string{`metadata.name: Invalid value: "1web": ` + dns1035Msg},
		},
		{
			name:   "ports required",
			mutate: func(s *corev1.Service) { s.Spec.Ports = nil },
			want:   []string{"spec.ports: Required value"},
		},
		{
			name: "headless services may omit ports",
			mutate: func(s *corev1.Service) {
				s.Spec.Ports = nil
				s.Spec.Selector = nil
				s.Spec.ClusterIP = corev1.ClusterIPNone
				s.Spec.ClusterIPs = []string{corev1.ClusterIPNone}
			},
		},
		{
			name: "port fields",
			mutate: func(s *corev1.Service) {
				s.Spec.Ports = []corev1.ServicePort{
					{Port: 0, Protocol: "HTTP", TargetPort: intstr.FromString("web_port")},
					{Name: "b", Port: 70000, Protocol: corev1.ProtocolUDP, TargetPort: intstr.FromInt32(0), AppProtocol: ptr("not valid")},
				}
			},
			want: []string{
				"spec.ports[0].name: Required value",
				"spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
				`spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"`,
				`spec.ports[0].targetPort: Invalid value: "web_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`,
				"spec.ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
				"spec.ports[1].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
				`spec.ports[1].appProtocol: Invalid value: "not valid": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
			},
		},
		{
			name: "duplicate ports and names",
			mutate: func(s *corev1.Service) {
				s.Spec.Ports = []corev1.ServicePort{
					{Name: "a", Port: 80, Protocol: corev1.ProtocolTCP, TargetPort: intstr.FromInt32(80)},
					{Name: "a", Port: 80, Protocol: corev1.ProtocolTCP, TargetPort: intstr.FromInt32(81)},
				}
			},
			want: []string{
				`spec.ports[1].name: Duplicate value: "a"`,
				`spec.ports[1]: Duplicate value: {"Name":"","Protocol":"TCP","AppProtocol":null,"Port":80,"TargetPort":0,"NodePort":0}`,
			},
		},
		{
			name:   "type enum",
			mutate: func(s *corev1.Service) { s.Spec.Type = "Internal" },
			want:   []string{`spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"`},
		},
		{
			name:   "clusterIP must be an IP",
			mutate: func(s *corev1.Service) { s.Spec.ClusterIP = "10.96.0"; s.Spec.ClusterIPs = []string{"10.96.0"} },
			want:   []string{`spec.clusterIPs[0]: Invalid value: "10.96.0": ` + invalidIPMsg},
		},
		{
			name:   "clusterIPs must start with clusterIP",
			mutate: func(s *corev1.Service) { s.Spec.ClusterIPs = []string{"10.96.0.11"} },
			want:   []string{`spec.clusterIPs: Invalid value: ["10.96.0.11"]: first value must match ` + "`clusterIP`"},
		},
		{
			name:   "clusterIP family must match ipFamilies",
			mutate: func(s *corev1.Service) { s.Spec.IPFamilies = []corev1.IPFamily{corev1.IPv6Protocol} },
			want:   []string{`spec.clusterIPs[0]: Invalid value: "10.96.0.10": expected an IPv6 value as indicated by ` + "`ipFamilies[0]`"},
		},
		{
			name:   "selector values are label values",
			mutate: func(s *corev1.Service) { s.Spec.Selector = map[string]string{"app": "web app"} },
			want:   []string{`spec.selector: Invalid value: "web app": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`},
		},
		{
			name:   "sessionAffinity enum",
			mutate: func(s *corev1.Service) { s.Spec.SessionAffinity = "Cookie" },
			want:   []string{`spec.sessionAffinity: Unsupported value: "Cookie": supported values: "ClientIP", "None"`},
		},
		{
			name:   "ClientIP affinity needs a config",
			mutate: func(s *corev1.Service) { s.Spec.SessionAffinity = corev1.ServiceAffinityClientIP },
			want:   []string{"spec.sessionAffinityConfig: Required value: when session affinity type is ClientIP"},
		},
		{
			name:   "nodePort not for ClusterIP",
			mutate: func(s *corev1.Service) { s.Spec.Ports[0].NodePort = 30080 },
			want:   []string{"spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"},
		},
		{
			name:   "externalTrafficPolicy only for external services",
			mutate: func(s *corev1.Service) { s.Spec.ExternalTrafficPolicy = corev1.ServiceExternalTrafficPolicyLocal },
			want:   []string{`spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services`},
		},
		{
			name: "NodePort needs an externalTrafficPolicy",
			mutate: func(s *corev1.Service) {
				s.Spec.Type = corev1.ServiceTypeNodePort
				s.Spec.Ports[0].NodePort = 30080
			},
			want: []string{"spec.externalTrafficPolicy: Required value"},
		},
		{
			name: "LoadBalancer Local needs a health check port",
			mutate: func(s *corev1.Service) {
				s.Spec.Type = corev1.ServiceTypeLoadBalancer
				s.Spec.ExternalTrafficPolicy = corev1.ServiceExternalTrafficPolicyLocal
				s.Spec.AllocateLoadBalancerNodePorts = ptr(true)
			},
			want: []string{"spec.healthCheckNodePort: Required value"},
		},
		{
			name: "ExternalName",
			mutate: func(s *corev1.Service) {
				s.Spec = corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "db.example.com.", SessionAffinity: corev1.ServiceAffinityNone}
			},
		},
		{
			name: "ExternalName needs a DNS name and no cluster IPs",
			mutate: func(s *corev1.Service) {
				s.Spec.Type = corev1.ServiceTypeExternalName
				s.Spec.ExternalName = ""
			},
			want: []string{
				"spec.clusterIPs: Forbidden: may not be set for ExternalName services",
				"spec.ipFamilies: Forbidden: may not be set for ExternalName services",
				"spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services",
				"spec.externalName: Required value",
			},
		},
		{
			name:   "external IPs",
			mutate: func(s *corev1.Service) { s.Spec.ExternalIPs = []string{"127.0.0.1", "1.2.3"} },
			want: []string{
				`spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)`,
				`spec.externalIPs[1]: Invalid value: "1.2.3": ` + invalidIPMsg,
				"spec.externalTrafficPolicy: Required value",
			},
		},
		{
			name:   "internalTrafficPolicy required",
			mutate: func(s *corev1.Service) { s.Spec.InternalTrafficPolicy = nil },
			want:   []string{"spec.internalTrafficPolicy: Required value"},
		},
		{
			name:   "trafficDistribution enum",
			mutate: func(s *corev1.Service) { s.Spec.TrafficDistribution = ptr("Nearest") },
			want:   []string{`spec.trafficDistribution: Unsupported value: "Nearest": supported values: "PreferClose", "PreferSameZone", "PreferSameNode"`},
		},
		{
			name:   "loadBalancerSourceRanges only for LoadBalancer",
			mutate: func(s *corev1.Service) { s.Spec.LoadBalancerSourceRanges = []string{"10.0.0.0/8"} },
			want:   []string{"spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			svc := validService()
			tc.mutate(svc)
			expectErrors(t, ValidateService(svc), tc.want...)
		})
	}
}

func TestValidateServiceUpdate(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*corev1.Service)
		want   []string
	}{
		{name: "selector may change", mutate: func(s *corev1.Service) { s.Spec.Selector = map[string]string{"app": "api"} }},
		{
			name:   "clusterIP may not change",
			mutate: func(s *corev1.Service) { s.Spec.ClusterIP = "10.96.0.11"; s.Spec.ClusterIPs = []string{"10.96.0.11"} },
			want:   []string{`spec.clusterIPs[0]: Invalid value: ["10.96.0.11"]: may not change once set`},
		},
		{
			name: "moving to ExternalName drops cluster IPs",
			mutate: func(s *corev1.Service) {
				s.Spec = corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "db.example.com", SessionAffinity: corev1.ServiceAffinityNone}
			},
		},
		{
			name: "adding a secondary cluster IP",
			mutate: func(s *corev1.Service) {
				s.Spec.ClusterIPs = []string{"10.96.0.10", "fd00::10"}
				s.Spec.IPFamilies = []corev1.IPFamily{corev1.IPv4Protocol, corev1.IPv6Protocol}
				s.Spec.IPFamilyPolicy = ptr(corev1.IPFamilyPolicyPreferDualStack)
			},
		},
		{
			name:   "ipFamilies may not change",
			mutate: func(s *corev1.Service) { s.Spec.IPFamilies = []corev1.IPFamily{corev1.IPv6Protocol} },
			want: []string{
				`spec.ipFamilies[0]: Invalid value: ["IPv6"]: may not change once set`,
				`spec.clusterIPs[0]: Invalid value: "10.96.0.10": expected an IPv6 value as indicated by ` + "`ipFamilies[0]`",
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			oldSvc := validService()
			newSvc := oldSvc.DeepCopy()
			tc.mutate(newSvc)
			expectErrors(t, ValidateServiceUpdate(newSvc, oldSvc), tc.want...)
		})
	}
}

func TestValidateServiceStatusUpdate(t *testing.T) {
	oldSvc := validService()
	newSvc := oldSvc.DeepCopy()
	newSvc.Status.LoadBalancer.Ingress = []corev1.LoadBalancerIngress{{IP: "203.0.113.1"}}
	expectErrors(t, ValidateServiceStatusUpdate(newSvc, oldSvc),
		"status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'")

	oldSvc.Spec.Type = corev1.ServiceTypeLoadBalancer
	newSvc.Spec.Type = corev1.ServiceTypeLoadBalancer
	newSvc.Status.LoadBalancer.Ingress = []corev1.LoadBalancerIngress{
		{IP: "203.0.113.1", IPMode: ptr(corev1.LoadBalancerIPModeVIP)},
		{IP: "203.0.113"},
		{Hostname: "10.0.0.1", IPMode: ptr(corev1.LoadBalancerIPModeProxy)},
	}
	expectErrors(t, ValidateServiceStatusUpdate(newSvc, oldSvc),
		`status.loadBalancer.ingress[1].ip: Invalid value: "203.0.113": `+invalidIPMsg,
		"status.loadBalancer.ingress[1].ipMode: Required value: must be specified when `ip` is set",
		"status.loadBalancer.ingress[2].ipMode: Forbidden: may not be specified when `ip` is not set",
		`status.loadBalancer.ingress[2].hostname: Invalid value: "10.0.0.1": must be a DNS name, not an IP address`,
	)
}

func TestServiceLoadBalancerAndAffinity(t *testing.T) {
	lb := validService()
	lb.Spec.Type = corev1.ServiceTypeLoadBalancer
	lb.Spec.ExternalTrafficPolicy = corev1.ServiceExternalTrafficPolicyCluster
	lb.Spec.AllocateLoadBalancerNodePorts = ptr(true)
	lb.Spec.LoadBalancerClass = ptr("example.com/lb")
	lb.Spec.SessionAffinity = corev1.ServiceAffinityClientIP
	lb.Spec.SessionAffinityConfig = &corev1.SessionAffinityConfig{ClientIP: &corev1.ClientIPConfig{TimeoutSeconds: ptr(int32(10800))}}
	expectErrors(t, ValidateService(lb))

	changed := lb.DeepCopy()
	changed.Spec.LoadBalancerClass = ptr("example.com/other")
	changed.Spec.SessionAffinityConfig.ClientIP.TimeoutSeconds = ptr(int32(86401))
	changed.Spec.AllocateLoadBalancerNodePorts = nil
	expectErrors(t, ValidateServiceUpdate(changed, lb),
		`spec.loadBalancerClass: Invalid value: "example.com/other": may not change once set`,
		"spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400",
		"allocateLoadBalancerNodePorts: Required value",
	)
}
