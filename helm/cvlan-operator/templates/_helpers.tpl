{{- define "cvlan.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "cvlan.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- include "cvlan.name" . -}}
{{- end -}}
{{- end -}}

{{- define "cvlan.labels" -}}
app.kubernetes.io/name: {{ include "cvlan.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "cvlan.operatorSelector" -}}
app.kubernetes.io/name: {{ include "cvlan.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end -}}

{{- define "cvlan.agentSelector" -}}
app.kubernetes.io/name: {{ include "cvlan.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: agent
{{- end -}}

{{- define "cvlan.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "cvlan.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "cvlan.agentName" -}}
{{- printf "%s-agent" (include "cvlan.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "cvlan.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "cvlan.registrationUrl" -}}
{{- default (printf "https://%s.%s.svc:%d" .Values.registration.serviceName .Release.Namespace (int .Values.registration.port)) .Values.registration.url -}}
{{- end -}}

{{/* The agent's own namespace: Pod Security "privileged", apart from the operator's. */}}
{{- define "cvlan.agentNamespace" -}}
{{- .Values.agent.namespace -}}
{{- end -}}

{{/* Where the agent's CVLAN and peer ConfigMaps are: beside its token Secret unless said otherwise. */}}
{{- define "cvlan.agentCvlanNamespace" -}}
{{- default (include "cvlan.agentNamespace" .) .Values.agent.cvlanNamespace -}}
{{- end -}}

{{/* Pod and container security settings shared by the operator. */}}
{{- define "cvlan.restrictedContainerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The image's ENTRYPOINT with the JVM flags from values. */}}
{{- define "cvlan.command" -}}
- java
{{- range .Values.jvmFlags }}
- {{ . | quote }}
{{- end }}
- -jar
- /app/cvlan.jar
{{- end -}}

{{/* The operator's: the shared flags, then its own heap (the last -Xmx wins). */}}
{{- define "cvlan.operatorCommand" -}}
- java
{{- range .Values.jvmFlags }}
- {{ . | quote }}
{{- end }}
{{- with .Values.operator.heap }}
- {{ printf "-Xmx%s" . | quote }}
{{- end }}
- -jar
- /app/cvlan.jar
{{- end -}}

{{/* The agent: root in its container for the host's network stack, with NET_ADMIN only (not privileged). */}}
{{- define "cvlan.agentSecurityContext" -}}
runAsUser: 0
runAsNonRoot: false
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
capabilities:
  drop: ["ALL"]
  add: ["NET_ADMIN"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}
